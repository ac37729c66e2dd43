/**
 * A VM named by its Japanese or spaced display name, end to end over the lab's signed CloudStack API: the
 * read tool resolves it, and an approved stop reaches exactly that VM — on SQLite and MariaDB. Hostile
 * names never become a request.
 */
import { pino } from 'pino';
import { afterEach, expect, it } from 'vitest';
import { startLab } from '../../src/lab/start-lab.ts';
import type { BotStore } from '../../src/store/audit-rows.ts';
import { labCalls, openServiceOnLab, slack } from '../helpers/approvals-lab.ts';
import { describeOnBothStores } from '../helpers/both-stores.ts';

type Lab = Awaited<ReturnType<typeof startLab>>;
let lab: Lab | undefined;
let service: Awaited<ReturnType<typeof openServiceOnLab>> | undefined;
let store: BotStore | undefined;
afterEach(async () => {
  await service?.close();
  await store?.close();
  await lab?.close();
  service = store = lab = undefined;
});

describeOnBothStores('VMs named in Japanese or with spaces', (backend) => {
  it('vm_memory resolves display names; an approved stop of ウェブ01 stops web02 and nothing else', {
    timeout: 60_000,
  }, async () => {
    lab = await startLab({ scenario: 'unicode-names', logger: pino({ level: 'silent' }) });
    store = await backend().open();
    service = await openServiceOnLab(lab.configPath, { store });
    for (const [name, vm] of [
      ['ウェブ01', 'web02'],
      ['ウェフ\u309901', 'web02'], // typed decomposed (NFD): normalised to ウェブ01
      ['shop front 3', 'web03'],
    ] as const) {
      const env = await service.runTool('vm_memory', { vm: name }, { actor: slack('UREQ') });
      expect(env.status, env.error?.message).toBe('ok');
      expect((env.data as { vm: string }).vm).toBe(vm);
    }
    const c = await service.approvals.create({
      env: 'lab',
      steps: [{ tool: 'stop_vm', input: { vm: 'ウェブ01' } }],
      requester: slack('UREQ'),
      origin: { env: 'lab', channel: 'C1' },
    });
    if (!c.ok) throw new Error(c.message);
    expect(c.request.steps[0]?.input).toMatchObject({ vm: 'ウェブ01' });
    const d = await service.approvals.approve(c.request.id, slack('UAPP1'));
    const final = await (d.ok ? d.execution : undefined);
    expect(final?.status, final?.outcome).toBe('done');
    expect(labCalls(lab)).toEqual(['stop web02']);
    const rows = await service.audit.list({ target: c.request.id, limit: 50 });
    expect(rows.some((r) => JSON.stringify(r.detail).includes('ウェブ01'))).toBe(true);
    expect(await service.audit.verify()).toMatchObject({ ok: true });
  });

  it('hostile names are refused at request time with a short reason; nothing reaches the API', {
    timeout: 60_000,
  }, async () => {
    lab = await startLab({ scenario: 'unicode-names', logger: pino({ level: 'silent' }) });
    store = await backend().open();
    service = await openServiceOnLab(lab.configPath, { store });
    for (const [vm, why] of [
      ['ウェブ\u202E10', /text-direction/],
      ['ウェブ\u200B01', /invisible/],
      ['web\u000002', /control/],
      ['ウ'.repeat(10_000), /at most 100 characters/],
    ] as const) {
      const c = await service.approvals.create({
        env: 'lab',
        steps: [{ tool: 'stop_vm', input: { vm } }],
        requester: slack('UREQ'),
        origin: { env: 'lab' },
      });
      expect(c).toMatchObject({ ok: false, code: 'invalid_argument', message: expect.stringMatching(why) });
      expect(c.ok ? '' : c.message.length).toBeLessThan(160);
      const read = await service.runTool('vm_memory', { vm }, { actor: slack('UREQ') });
      expect(read.status).toBe('error');
    }
    expect(lab.mutations()).toEqual([]);
  });
});
