/** `cloudops ask` as a person uses it: the assistant over the lab with the scripted model, or the runbooks without one. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { capture } from '../helpers/cli-capture.ts';
import { ScriptedModel } from '../helpers/scripted-model.ts';

let model: ScriptedModel;
beforeAll(async () => {
  model = await ScriptedModel.start((req) =>
    req.messages.some((m) => m.role === 'tool')
      ? { text: 'web01 runs with 3 GiB because of the overcommit setting.' }
      : {
          toolCalls: [
            { name: 'vm_memory', arguments: { vm: 'web01' } },
            { name: 'stop_vm', arguments: { vm: 'web01' } },
          ],
        },
  );
});
afterAll(async () => model?.close());

describe('cloudops ask', () => {
  it('answers with the model, shows tool progress on stderr, and offers no mutating tool', async () => {
    const c = capture({ OPENAI_BASE_URL: model.url, OPENAI_MODEL: 'scripted-model' });
    expect(await main(['ask', '--lab', 'memory-cap', 'why does web01 only see 3GB?'], c.io)).toBe(0);
    expect(c.out()).toContain('web01 runs with 3 GiB');
    expect(c.err()).toMatch(/✔ vm_memory/);
    expect(c.err()).toMatch(/✖ stop_vm: tool "stop_vm" is not available to you/);
    const offered = (model.requests[0]?.body.tools ?? []).map((t) => t.function.name);
    expect(offered).toContain('vm_memory');
    expect(offered).not.toContain('stop_vm');
  });

  it('without a model it runs the runbooks and says so', async () => {
    const c = capture();
    expect(await main(['ask', '--lab', 'memory-cap', 'VMs only see 3GB'], c.io)).toBe(0);
    expect(c.err()).toContain('No model is configured');
    expect(c.out()).toContain('vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor');
  });

  it('an empty question is a usage error', async () => {
    const c = capture();
    expect(await main(['ask'], c.io)).toBe(2);
    expect(c.err()).toMatch(/ask a question/);
  });
});
