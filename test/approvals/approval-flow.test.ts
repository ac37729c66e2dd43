/**
 * The approval state machine over the lab (real signed API, real SQLite file): nothing reaches the lab API
 * without an authorized approval, exactly once, bound to the exact input, and every step is audited.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { requestInputHash } from '../../src/approvals/canonical.ts';
import { claimGrantMinter, ExecutionGrant } from '../../src/approvals/grant.ts';
import type { ApprovalRequest, ApprovalService } from '../../src/approvals/types.ts';
import { type ApprovalsLab, openServiceOnLab, slack, startApprovalsLab } from '../helpers/approvals-lab.ts';
import { gateTool } from '../helpers/gate-tool.ts';

let h: ApprovalsLab | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const origin = { env: 'lab', channel: 'C1' };
const stopWeb01: Parameters<ApprovalService['create']>[0] = {
  env: 'lab',
  steps: [{ tool: 'stop_vm', input: { vm: 'web01' } }],
  requester: slack('UREQ'),
  origin,
};

async function created(lab: ApprovalsLab, p = stopWeb01): Promise<ApprovalRequest> {
  const r = await lab.service.approvals.create(p);
  if (!r.ok) throw new Error(`create failed: ${r.code} ${r.message}`);
  return r.request;
}

/** Edits the stored request behind the service's back, as someone with write access to the store could. */
async function tamper(lab: ApprovalsLab, id: string, edit: (r: ApprovalRequest) => void): Promise<void> {
  const doc = await lab.service.store.get<ApprovalRequest>('request', id);
  const v = structuredClone(doc!.value);
  edit(v);
  expect(await lab.service.store.put('request', id, v, doc!.revision)).toBe(doc!.revision + 1);
}

describe('approval flow', () => {
  it('runs an approved stop exactly once, through the lab API, and audits every transition', async () => {
    h = await startApprovalsLab();
    const req = await created(h);
    expect(req).toMatchObject({
      status: 'pending',
      risk: 'mutate',
      required: 1,
      approverPool: ['UAPP1', 'UAPP2', 'SLEADS'],
    });
    expect(h.labCalls).toEqual([]);
    const events: string[] = [];
    h.service.approvals.subscribe((r, e) => events.push(`${e}:${r.status}`));
    const d = await h.service.approvals.approve(req.id, slack('ULEAD'));
    expect(d.ok && d.execution).toBeTruthy();
    const final = await (d.ok ? d.execution : undefined)!;
    expect(final.status).toBe('done');
    expect(final.steps[0]).toMatchObject({ status: 'complete' });
    expect(h.labCalls).toEqual(['stop web01']);
    expect(events).toEqual([
      'approved:approved',
      'step_started:running',
      'step_finished:running',
      'done:done',
    ]);
    const replay = await h.service.approvals.approve(req.id, slack('UAPP2'));
    expect(replay).toMatchObject({ ok: false, code: 'already_decided' });
    expect(h.labCalls).toEqual(['stop web01']);
    const kinds = (await h.service.audit.list({ target: req.id, limit: 100 }))
      .map((e) => `${e.kind}/${e.outcome}`)
      .reverse();
    expect(kinds).toEqual([
      'request_created/created',
      'approval/approved',
      'step/in_progress',
      'step/complete',
      'result/done',
      'approval_refused/already_decided: this request is already done',
    ]);
    expect(await h.service.audit.verify()).toMatchObject({ ok: true });
  });

  it('never runs a mutating tool through runTool, the registry, or a forged grant', async () => {
    h = await startApprovalsLab();
    const env = await h.service.runTool('stop_vm', { vm: 'web01' }, { actor: slack('UAPP1') });
    expect(env.status).toBe('approval_required');
    const forged = [
      undefined,
      {},
      Object.create(ExecutionGrant.prototype),
      { requestId: 'x', tool: 'stop_vm', inputHash: 'x' },
    ];
    for (const g of forged) {
      const r = await h.service.registry.execute('stop_vm', { vm: 'web01' }, {} as never, g);
      expect(r.error?.code).toBe('not_allowed');
    }
    const view = h.service.registry.get('stop_vm')!;
    await expect(view.run({ vm: 'web01' }, {} as never)).rejects.toThrow(/only an approved request runs it/);
    expect(Object.isFrozen(view)).toBe(true);
    expect(() => new ExecutionGrant(Symbol('grant'), 'r', 'stop_vm', 'h')).toThrow(/only minted/);
    expect(() => claimGrantMinter()).toThrow(/already claimed/);
    expect(h.labCalls).toEqual([]);
    const [call] = await h.service.audit.list({ kind: 'tool_call', limit: 1 });
    expect(call).toMatchObject({
      actor: 'UAPP1',
      via: 'slack',
      target: 'web01',
      outcome: 'approval_required',
    });
  });

  it('refuses unknown tools, bad input and requesters outside the policy', async () => {
    h = await startApprovalsLab();
    const a = h.service.approvals;
    expect(await a.create({ ...stopWeb01, steps: [{ tool: 'rm_rf', input: {} }] })).toMatchObject({
      ok: false,
      code: 'unknown_tool',
    });
    expect(
      await a.create({ ...stopWeb01, steps: [{ tool: 'stop_vm', input: { vm: 'web01; reboot' } }] }),
    ).toMatchObject({
      ok: false,
      code: 'invalid_argument',
    });
    expect(await a.create({ ...stopWeb01, requester: slack('UOTHER') })).toMatchObject({
      ok: false,
      code: 'not_allowed',
    });
    expect(await a.create({ ...stopWeb01, requester: { user: 'bot', via: 'watch' } })).toMatchObject({
      ok: false,
      code: 'not_allowed',
    });
    expect(await a.list()).toEqual([]);
  });

  it('refuses self-approval, unauthorized clickers, made-up ids and non-Slack approvals, and records each refusal', async () => {
    h = await startApprovalsLab();
    const req = await created(h);
    const a = h.service.approvals;
    expect(await a.approve(req.id, slack('UREQ'))).toMatchObject({ ok: false, code: 'self_approval' });
    expect(await a.approve(req.id, slack('UOTHER'))).toMatchObject({ ok: false, code: 'not_allowed' });
    expect(await a.approve(req.id, { user: 'UAPP1', via: 'cli' })).toMatchObject({
      ok: false,
      code: 'not_allowed',
    });
    expect(await a.approve(req.id, { user: 'bot', via: 'watch' })).toMatchObject({
      ok: false,
      code: 'not_allowed',
    });
    expect(await a.approve('req-0000000000000000', slack('UAPP1'))).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    expect(await a.approve('../../etc', slack('UAPP1'))).toMatchObject({ ok: false, code: 'not_found' });
    expect((await a.get(req.id))?.status).toBe('pending');
    expect(h.labCalls).toEqual([]);
    const refusals = await h.service.audit.list({ kind: 'approval_refused', limit: 10 });
    expect(refusals.map((e) => e.actor).sort()).toEqual(['UAPP1', 'UAPP1', 'UAPP1', 'UOTHER', 'UREQ', 'bot']);
  });

  it('needs two distinct approvers for a destructive request', async () => {
    h = await startApprovalsLab();
    const req = await created(h, { ...stopWeb01, steps: [{ tool: 'bounce_vm', input: { vm: 'web02' } }] });
    expect(req).toMatchObject({ risk: 'destructive', required: 2, approverPool: ['UAPP1', 'UAPP2'] });
    const a = h.service.approvals;
    expect(await a.approve(req.id, slack('ULEAD'))).toMatchObject({ ok: false, code: 'not_allowed' });
    const first = await a.approve(req.id, slack('UAPP1'));
    expect(first.ok && first.request.status).toBe('pending');
    expect(first.ok && first.execution).toBeUndefined();
    expect(await a.approve(req.id, slack('UAPP1'))).toMatchObject({
      ok: false,
      code: 'already_approved_by_you',
    });
    expect(h.labCalls).toEqual([]);
    const second = await a.approve(req.id, slack('UAPP2'));
    const final = await (second.ok ? second.execution : undefined);
    expect(final?.status).toBe('done');
    expect(h.labCalls).toEqual(['stop web02', 'start web02']);
  });

  it('refuses a request whose expiry passed, and the sweeper marks the rest expired', async () => {
    let now = new Date('2026-11-29T12:00:00Z');
    h = await startApprovalsLab({ now: () => now });
    const a = await created(h);
    const b = await created(h, { ...stopWeb01, steps: [{ tool: 'stop_vm', input: { vm: 'web02' } }] });
    expect(b.expiresAt).toBe('2026-11-29T12:15:00.000Z');
    now = new Date('2026-11-29T12:15:00Z');
    expect(await h.service.approvals.approve(a.id, slack('UAPP1'))).toMatchObject({
      ok: false,
      code: 'expired',
    });
    const events: string[] = [];
    h.service.approvals.subscribe((r, e) => events.push(`${e}:${r.id}`));
    await h.service.approvals.sweep();
    expect(events).toEqual([`expired:${b.id}`]);
    expect(await h.service.approvals.approve(b.id, slack('UAPP1'))).toMatchObject({
      ok: false,
      code: 'expired',
    });
    expect(h.labCalls).toEqual([]);
  });

  it('refuses input changed in the store after the request, and a changed concurrency', async () => {
    h = await startApprovalsLab();
    const req = await created(h);
    await tamper(h, req.id, (r) => {
      r.steps[0]!.input = { vm: 'web02' };
    });
    expect(await h.service.approvals.approve(req.id, slack('UAPP1'))).toMatchObject({
      ok: false,
      code: 'tampered',
    });
    const req2 = await created(h);
    await tamper(h, req2.id, (r) => {
      r.steps.push({ ...r.steps[0]!, input: { vm: 'db01' } });
    });
    expect(await h.service.approvals.approve(req2.id, slack('UAPP1'))).toMatchObject({
      ok: false,
      code: 'tampered',
    });
    const req3 = await created(h);
    await tamper(h, req3.id, (r) => {
      r.steps[0]!.input = { vm: 'web01; reboot' };
      r.inputHash = requestInputHash(r);
    });
    expect(await h.service.approvals.approve(req3.id, slack('UAPP1'))).toMatchObject({
      ok: false,
      code: 'tampered',
    });
    // Lowering the risk in the store no longer even reaches the policy: the row's signature fails first.
    const req4 = await created(h);
    await tamper(h, req4.id, (r) => {
      r.risk = 'read';
      r.required = 0;
    });
    expect(await h.service.approvals.approve(req4.id, slack('UAPP1'))).toMatchObject({
      ok: false,
      code: 'tampered',
      message: expect.stringMatching(/signature does not verify/),
    });
    expect((await h.service.approvals.get(req4.id))?.status).toBe('failed');
    expect(h.labCalls).toEqual([]);
  });

  it('refuses a plan edited after approval, even with a recomputed hash', async () => {
    for (const recompute of [false, true]) {
      const g = gateTool('gate_step', { gated: true });
      h = await startApprovalsLab({ extraTools: [g.tool] });
      const req = await created(h, {
        ...stopWeb01,
        steps: [
          { tool: 'gate_step', input: { label: 'one' } },
          { tool: 'stop_vm', input: { vm: 'web03' } },
        ],
      });
      const d = await h.service.approvals.approve(req.id, slack('UAPP1'));
      await g.started('one');
      await tamper(h, req.id, (r) => {
        r.steps[1]!.input = { vm: 'app01' };
        if (recompute) r.inputHash = requestInputHash(r);
      });
      g.open('one');
      const final = await (d.ok ? d.execution : undefined);
      expect(final?.status).toBe('failed');
      // Caught by the row signature (audit key) before the hash check is even reached.
      expect(final?.outcome).toMatch(/signature does not verify/);
      expect(final?.outcome).toMatch(/not run: step 2/);
      expect(h.labCalls).toEqual([]);
      await h.close();
      h = undefined;
    }
  });

  it('a status forged in the store never runs: recovery ends it and resume is refused', async () => {
    h = await startApprovalsLab({ leaseMs: 1 });
    const mutate = await created(h);
    const destructive = await created(h, {
      ...stopWeb01,
      steps: [{ tool: 'bounce_vm', input: { vm: 'web02' } }],
    });
    await tamper(h, mutate.id, (r) => {
      r.status = 'running';
    });
    await tamper(h, destructive.id, (r) => {
      r.status = 'paused';
      r.approvals = [{ user: 'UAPP1', at: r.createdAt }];
    });
    // Recovery finds the forged `running` row, but its signature fails: it is ended, not paused.
    expect(await h.service.approvals.recover()).toEqual([]);
    expect((await h.service.approvals.get(mutate.id))?.status).toBe('failed');
    expect(await h.service.approvals.resume(mutate.id, slack('UAPP1'))).toMatchObject({
      ok: false,
      code: 'already_decided',
    });
    expect(await h.service.approvals.resume(destructive.id, slack('UAPP2'))).toMatchObject({
      ok: false,
      code: 'tampered',
    });
    expect(h.labCalls).toEqual([]);
  });

  it('recovery on another replica never touches a plan a live replica is running', async () => {
    const g = gateTool('gate_step', { gated: true });
    h = await startApprovalsLab({ extraTools: [g.tool], leaseMs: 200 });
    const replica = await openServiceOnLab(h.lab.configPath, {
      store: h.service.store,
      extraTools: [g.tool],
      leaseMs: 200,
    });
    try {
      const req = await created(h, {
        ...stopWeb01,
        steps: ['a', 'b'].map((label) => ({ tool: 'gate_step', input: { label } })),
      });
      const d = await h.service.approvals.approve(req.id, slack('UAPP1'));
      await g.started('a');
      // Several lease periods pass while step a runs: the running replica keeps renewing its lease.
      for (let i = 0; i < 5; i++) {
        expect(await replica.approvals.recover()).toEqual([]);
        await new Promise((r) => setTimeout(r, 100));
      }
      g.open('a');
      g.open('b');
      expect((await (d.ok ? d.execution : undefined))?.status).toBe('done');
      expect(g.runs).toEqual(['a', 'b']);
    } finally {
      await replica.close();
    }
  });

  it('runs 50 concurrent approvals exactly once', async () => {
    h = await startApprovalsLab();
    const req = await created(h);
    const users = ['UAPP1', 'UAPP2', 'ULEAD'];
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => h!.service.approvals.approve(req.id, slack(users[i % 3]!))),
    );
    const winners = results.filter((r) => r.ok && r.execution);
    expect(winners).toHaveLength(1);
    expect(
      results
        .filter((r) => !r.ok)
        .every((r) => !r.ok && ['already_decided', 'already_approved_by_you'].includes(r.code)),
    ).toBe(true);
    const final = await (winners[0]!.ok ? winners[0]!.execution : undefined);
    expect(final?.status).toBe('done');
    expect(h.labCalls).toEqual(['stop web01']);
    expect((await h.service.audit.verify()).ok).toBe(true);
  });

  it('re-runs the pre-check before each step: a failed one cancels that step and stops the plan', async () => {
    const g = gateTool();
    h = await startApprovalsLab({ extraTools: [g.tool] });
    const req = await created(h, {
      ...stopWeb01,
      steps: ['a', 'b', 'c'].map((label) => ({ tool: 'gate_step', input: { label } })),
    });
    expect(req.prechecks.map((p) => p.text)).toEqual(['a ready', 'b ready', 'c ready']);
    g.precheckOk.set('b', false);
    const d = await h.service.approvals.approve(req.id, slack('UAPP1'));
    const final = await (d.ok ? d.execution : undefined);
    expect(g.runs).toEqual(['a']);
    expect(final?.steps.map((s) => s.status)).toEqual(['complete', 'skipped', 'pending']);
    expect(final?.steps[1]?.result).toBe('cancelled: b is no longer in the expected state');
    expect(final?.outcome).toMatch(/^step 2 cancelled: b is no longer.*not run: step 3/);
    expect(final?.status).toBe('failed');
  });

  it('a failed verification is an error step, and the plan says what is left', async () => {
    const g = gateTool();
    h = await startApprovalsLab({ extraTools: [g.tool] });
    g.verifyOk.set('a', false);
    const req = await created(h, {
      ...stopWeb01,
      steps: ['a', 'b'].map((label) => ({ tool: 'gate_step', input: { label } })),
    });
    const d = await h.service.approvals.approve(req.id, slack('UAPP1'));
    const final = await (d.ok ? d.execution : undefined);
    expect(final?.steps.map((s) => s.status)).toEqual(['error', 'pending']);
    expect(final?.outcome).toMatch(/verification failed: a not confirmed; not run: step 2/);
  });

  it('Stop halts before the next step; N at a time where the plan says so', async () => {
    const g = gateTool('gate_step', { gated: true });
    h = await startApprovalsLab({ extraTools: [g.tool] });
    const req = await created(h, {
      ...stopWeb01,
      concurrency: 2,
      steps: ['a', 'b', 'c', 'd'].map((label) => ({ tool: 'gate_step', input: { label } })),
    });
    const d = await h.service.approvals.approve(req.id, slack('UAPP1'));
    await Promise.all([g.started('a'), g.started('b')]);
    expect(await h.service.approvals.stop(req.id, slack('UOTHER'))).toMatchObject({
      ok: false,
      code: 'not_allowed',
    });
    const s = await h.service.approvals.stop(req.id, slack('UREQ'));
    expect(s.ok && s.request.status).toBe('paused');
    g.open('a');
    g.open('b');
    const final = await (d.ok ? d.execution : undefined);
    expect(g.runs.sort()).toEqual(['a', 'b']);
    expect(final?.status).toBe('paused');
    expect(final?.steps.map((x) => x.status)).toEqual(['complete', 'complete', 'pending', 'pending']);
  });

  it('Resume while the stopped step still runs keeps one run: the next step waits for it', async () => {
    const g = gateTool('gate_step', { gated: true });
    h = await startApprovalsLab({ extraTools: [g.tool] });
    const req = await created(h, {
      ...stopWeb01,
      steps: ['a', 'b', 'c'].map((label) => ({ tool: 'gate_step', input: { label } })),
    });
    const inFlight: number[] = [];
    h.service.approvals.subscribe((r, e) => {
      if (r.id === req.id && e === 'step_started')
        inFlight.push(r.steps.filter((s) => s.status === 'in_progress').length);
    });
    const d = await h.service.approvals.approve(req.id, slack('UAPP1'));
    await g.started('a');
    const s = await h.service.approvals.stop(req.id, slack('UREQ'));
    expect(s.ok && s.request.status).toBe('paused');
    const resumed = await h.service.approvals.resume(req.id, slack('UAPP2'));
    expect(resumed.ok && resumed.request.status).toBe('running');
    // Let a second run (the defect) reach step b while a is still gated: the store is synchronous SQLite.
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(g.runs).toEqual(['a']);
    g.open('a');
    await g.started('b');
    g.open('b');
    await g.started('c');
    g.open('c');
    const final = await (resumed.ok ? resumed.execution : undefined);
    await (d.ok ? d.execution : undefined);
    expect(g.runs).toEqual(['a', 'b', 'c']);
    expect(inFlight.every((n) => n <= 1)).toBe(true);
    expect(final?.status).toBe('done');
  });

  it('rejects with a reason; a rejected request never runs', async () => {
    h = await startApprovalsLab();
    const req = await created(h);
    expect(await h.service.approvals.reject(req.id, slack('UOTHER'))).toMatchObject({
      ok: false,
      code: 'not_allowed',
    });
    const r = await h.service.approvals.reject(req.id, slack('UAPP2'), 'not during business hours');
    expect(r.ok && r.request).toMatchObject({
      status: 'rejected',
      decision: { by: 'UAPP2', reason: 'not during business hours' },
    });
    expect(await h.service.approvals.approve(req.id, slack('UAPP1'))).toMatchObject({
      ok: false,
      code: 'already_decided',
    });
    expect(h.labCalls).toEqual([]);
  });

  it('fails closed when the store is down', async () => {
    h = await startApprovalsLab();
    const req = await created(h);
    await h.service.store.close();
    expect(await h.service.approvals.approve(req.id, slack('UAPP1'))).toMatchObject({
      ok: false,
      code: 'store_unavailable',
    });
    expect(await h.service.approvals.create(stopWeb01)).toMatchObject({
      ok: false,
      code: 'store_unavailable',
    });
    expect(h.labCalls).toEqual([]);
  });
});
