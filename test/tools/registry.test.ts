/** The registry is where "no mutation without approval" and "bad input never crashes" are enforced. */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtinTools } from '../../src/tools/builtin.ts';
import type { ToolContext } from '../../src/tools/context.ts';
import { envelopeData } from '../../src/tools/envelope.ts';
import { ToolRegistry, toolInputJsonSchema } from '../../src/tools/registry.ts';
import { toolTitle } from '../../src/tools/render.ts';
import type { Envelope, ToolDefinition } from '../../src/tools/types.ts';
import { type LabService, startLabService } from '../helpers/lab-service.ts';

const ctx = {
  env: { name: 'x', hosts: [], storagePairs: [] },
  logger: pino({ level: 'silent' }),
  lang: 'en',
  progress: () => {},
} as unknown as Omit<ToolContext, 'record'>;

describe('tool titles', () => {
  it('every built-in tool declares its own title in English and Japanese', () => {
    for (const t of builtinTools()) {
      expect(t.title?.en, t.name).toMatch(/^[A-Z]/);
      expect(t.title?.ja, t.name).toMatch(/[^\x00-\x7f]/);
      expect(toolTitle(t, t.name, 'ja')).toBe(t.title?.ja);
    }
  });
  it('falls back to the name for an unknown tool or one without a title', () => {
    expect(toolTitle(undefined, 'agent_log', 'en')).toBe('agent_log');
    expect(toolTitle({ name: 'x_tool' } as ToolDefinition, 'x_tool', 'ja')).toBe('x_tool');
  });
});

/** A mutating test tool that counts its runs (the registry must never run it without a grant). */
function countingMutateTool() {
  let runs = 0;
  const danger: ToolDefinition = {
    name: 'stop_everything',
    description: 'test tool',
    input: z.object({ vm: z.string() }),
    risk: 'mutate',
    run: async () => {
      runs++;
      return { data: null, summary: 'ran' };
    },
    renderText: (e) => e.summary,
  };
  return { danger, ran: () => runs };
}

describe('ToolRegistry', () => {
  it('never runs a mutating tool: it answers approval_required', async () => {
    const { danger, ran } = countingMutateTool();
    const env = await new ToolRegistry([danger]).run('stop_everything', { vm: 'web01' }, ctx);
    expect(env.status).toBe('approval_required');
    expect(env.approval).toEqual({
      action: 'stop_everything',
      input: { vm: 'web01' },
      reason: 'mutating action',
    });
    expect(ran()).toBe(0);
  });

  it('hands out only a refusing view of a mutating tool; execute() runs nothing without a real grant', async () => {
    const { danger, ran } = countingMutateTool();
    const echo: ToolDefinition = { ...danger, name: 'echo_read', risk: 'read' };
    const r = new ToolRegistry([danger, echo]);
    // get() and list() give the declaration, but its run refuses: holding the registry is no way around approval.
    const view = r.get('stop_everything');
    expect(view).toMatchObject({ name: 'stop_everything', risk: 'mutate' });
    expect(Object.isFrozen(view)).toBe(true);
    await expect(view!.run({ vm: 'web01' }, { ...ctx, record: () => {} })).rejects.toMatchObject({
      code: 'not_allowed',
      message: 'stop_everything changes the cloud: only an approved request runs it',
    });
    await expect(
      r
        .list()
        .find((t) => t.name === 'stop_everything')!
        .run({ vm: 'web01' }, { ...ctx, record: () => {} }),
    ).rejects.toMatchObject({ code: 'not_allowed' });
    // A read tool is handed out as declared.
    expect(r.get('echo_read')).toBe(echo);
    // execute(): only mutating tools, valid input, and a grant minted by the approval executor.
    expect((await r.execute('echo_read', { vm: 'web01' }, ctx, undefined)).error).toMatchObject({
      code: 'unknown_tool',
      message: 'no mutating tool "echo_read"',
    });
    expect((await r.execute('stop_everything', { vm: 1 }, ctx, undefined)).error).toMatchObject({
      code: 'invalid_argument',
      message: 'invalid input for stop_everything',
    });
    const forged = { tool: 'stop_everything', input: { vm: 'web01' } };
    const refused = await r.execute('stop_everything', { vm: 'web01' }, ctx, forged);
    expect(refused).toMatchObject({
      status: 'error',
      error: { code: 'not_allowed', message: 'stop_everything: no valid approval grant' },
      runs: [],
    });
    // Input that is not an object at all is blamed on "input", not on an empty path.
    expect((await r.run('echo_read', 'web01', ctx)).error?.message).toMatch(
      /^invalid input for echo_read: input: /,
    );
    expect(ran()).toBe(0);
  });

  it('names a nested invalid field by its dotted path', async () => {
    const nested: ToolDefinition = {
      name: 'nested_tool',
      description: 'test tool',
      input: z.object({ target: z.object({ port: z.number() }) }),
      risk: 'read',
      run: async () => ({ data: null, summary: 'ran' }),
      renderText: (e) => e.summary,
    };
    const env = await new ToolRegistry([nested]).run('nested_tool', { target: { port: 'x' } }, ctx);
    expect(env.error?.message).toMatch(/^invalid input for nested_tool: target\.port: /);
  });

  it('turns invalid input, unknown tools and thrown errors into error envelopes', async () => {
    const boom: ToolDefinition = {
      name: 'boom',
      description: 'test tool',
      input: z.object({ n: z.number().int() }),
      risk: 'read',
      run: async () => {
        throw new Error('kaput');
      },
      renderText: (e) => e.summary,
    };
    const r = new ToolRegistry([boom]);
    expect((await r.run('boom', { n: 'x' }, ctx)).error?.code).toBe('invalid_argument');
    expect((await r.run('nope', {}, ctx)).error).toMatchObject({
      code: 'unknown_tool',
      message: 'unknown tool "nope"',
    });
    const thrown = await r.run('boom', { n: 1 }, ctx);
    expect(thrown.status).toBe('error');
    expect(thrown.error?.message).toBe('kaput');
  });

  it('never runs a destructive tool either, and keeps the validated input for the approval', async () => {
    let ran = 0;
    const wipe: ToolDefinition = {
      name: 'recover_split_brain',
      description: 'test tool',
      input: z.object({ pair: z.string(), force: z.boolean().default(false) }),
      risk: 'destructive',
      run: async () => {
        ran++;
        return { data: null, summary: 'ran' };
      },
    };
    const env = await new ToolRegistry([wipe]).run('recover_split_brain', { pair: 'nfs-a' }, ctx);
    expect(env).toMatchObject({
      status: 'approval_required',
      data: null,
      summary: 'recover_split_brain changes the cloud and needs a human approval',
      approval: {
        action: 'recover_split_brain',
        input: { pair: 'nfs-a', force: false },
        reason: 'mutating action',
      },
    });
    expect(ran).toBe(0);
    // Invalid input is refused before any approval is even asked for.
    expect((await new ToolRegistry([wipe]).run('recover_split_brain', {}, ctx)).error?.code).toBe(
      'invalid_argument',
    );
  });

  it('names every invalid field, treats missing input as {}, and runs a read tool with the parsed input', async () => {
    const seen: unknown[] = [];
    const echo: ToolDefinition = {
      name: 'echo_tool',
      description: 'test tool',
      input: z.object({ a: z.number(), b: z.string(), c: z.string().default('d') }).strict(),
      risk: 'read',
      run: async (input, c) => {
        seen.push(input);
        c.record({ target: 'kvm01', what: 'true', ok: true, durationMs: 1 });
        return { data: input, summary: 'ok' };
      },
    };
    const r = new ToolRegistry([echo]);
    expect((await r.run('echo_tool', { a: 'x', b: 1 }, ctx)).error?.message).toMatch(
      /^invalid input for echo_tool: a: .*; b: .*/,
    );
    expect((await r.run('echo_tool', undefined, ctx)).error?.message).toMatch(
      /^invalid input for echo_tool: a: /,
    );
    const whole = new ToolRegistry([{ ...echo, name: 'whole_tool', input: z.string() }]);
    expect((await whole.run('whole_tool', 5, ctx)).error?.message).toMatch(
      /^invalid input for whole_tool: input: /,
    );
    const ok = await r.run('echo_tool', { a: 1, b: 'x' }, ctx);
    expect(ok).toMatchObject({ status: 'ok', data: { a: 1, b: 'x', c: 'd' }, summary: 'ok' });
    expect(ok.runs).toEqual([{ target: 'kvm01', what: 'true', ok: true, durationMs: 1 }]);
    expect(seen).toEqual([{ a: 1, b: 'x', c: 'd' }]);
    expect(r.get('echo_tool')).toBe(echo);
    expect(r.list()).toEqual([echo]);
    expect(toolInputJsonSchema(echo)).toMatchObject({ type: 'object', required: ['a', 'b'] });
  });

  it('refuses duplicate and malformed tool names at construction', () => {
    const t = {
      name: 'Bad Name',
      description: 'd',
      input: z.object({}),
      risk: 'read',
      run: async () => ({ data: 0, summary: '' }),
      renderText: () => '',
    } as ToolDefinition;
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e;
      }
      return undefined;
    };
    expect(err(() => new ToolRegistry([t]))).toMatchObject({ code: 'config_invalid', message: /must match/ });
    expect((err(() => new ToolRegistry([t])) as Error).message).toBe(
      'tool name "Bad Name" must match /^[a-z][a-z0-9_]{1,63}$/',
    );
    expect(new ToolRegistry().list()).toEqual([]);
    const ok = { ...t, name: 'twice' };
    expect(err(() => new ToolRegistry([ok, ok]))).toMatchObject({
      code: 'config_invalid',
      message: 'tool "twice" is declared twice',
    });
  });
});

describe('envelopeData', () => {
  const tool = { name: 'vm_memory' } as ToolDefinition<z.ZodType, { verdict: string }>;
  const env = (over: Partial<Envelope>): Envelope => ({
    tool: 'vm_memory',
    status: 'ok',
    data: { verdict: 'capped' },
    summary: '',
    warnings: [],
    runs: [],
    startedAt: '',
    durationMs: 0,
    ...over,
  });
  it("returns the data of that tool's envelope, typed by its declaration", () => {
    const d: { verdict: string } | undefined = envelopeData(env({}), tool);
    expect(d).toEqual({ verdict: 'capped' });
    expect(envelopeData(env({ status: 'no_data' }), tool)).toEqual({ verdict: 'capped' });
  });
  it("is undefined for another tool's envelope, a failed run or no data", () => {
    expect(envelopeData(env({ tool: 'host_memory' }), tool)).toBeUndefined();
    expect(envelopeData(env({ status: 'error' }), tool)).toBeUndefined();
    expect(envelopeData(env({ data: null }), tool)).toBeUndefined();
    expect(envelopeData(env({ data: undefined }), tool)).toBeUndefined();
  });
});

describe('hostile input through the real service', () => {
  let s: LabService;
  beforeAll(async () => {
    s = await startLabService('memory-cap');
  });
  afterAll(() => s.close());

  it.each(['web01; reboot', '$(id)', 'web01\nreboot', 'x'.repeat(5000), '`id`'])(
    'rejects %j before any byte reaches a host',
    async (vm) => {
      const before = [...s.lab.hosts.values()].reduce((a, h) => a + h.execCount(), 0);
      const env = await s.service.runTool('vm_memory', { vm });
      expect(env.status).toBe('error');
      expect(env.error?.code).toBe('invalid_argument');
      expect([...s.lab.hosts.values()].reduce((a, h) => a + h.execCount(), 0)).toBe(before);
    },
  );

  it('an unknown environment is the same error envelope as any other failure', async () => {
    const env = await s.service.runTool('capacity', {}, { env: 'nowhere' });
    expect(env).toMatchObject({
      tool: 'capacity',
      status: 'error',
      data: null,
      summary: expect.stringMatching(/^capacity failed: .*nowhere/),
      error: { code: 'unknown_environment' },
    });
    expect(env.summary).toBe(`capacity failed: ${env.error?.message}`);
  });

  it('asking for a mutation through the service only yields a request for approval', async () => {
    const env = await s.service.runTool('stop_vm', { vm: 'web01' });
    expect(env.status).toBe('approval_required');
    expect(s.lab.world.vmByName('web01')!.state).toBe('Running');
  });
});
