/**
 * Resuming a stopped plan is a decision like approving it: a destructive plan needs two distinct approvers
 * again, never the requester (four-eyes), never the bot or a non-Slack caller; whoever stopped it may be one
 * of the two. Proven on SQLite and MariaDB against the lab API's own record of mutating calls.
 */
import { afterEach, expect, it } from 'vitest';
import type { ApprovalRequest } from '../../src/approvals/types.ts';
import type { BotStore } from '../../src/store/audit-rows.ts';
import { type ApprovalsLab, slack, startApprovalsLab } from '../helpers/approvals-lab.ts';
import { describeOnBothStores } from '../helpers/both-stores.ts';
import { gateTool } from '../helpers/gate-tool.ts';

let h: ApprovalsLab | undefined;
let store: BotStore | undefined;
afterEach(async () => {
  await h?.close();
  await store?.close();
  h = undefined;
  store = undefined;
});

/** A plan [gate a, bounce web02] approved by both approvers and stopped by `stopper` while a ran. */
async function stoppedPlan(
  open: () => Promise<BotStore>,
  risk: 'mutate' | 'destructive',
  stopper = 'UAPP1',
): Promise<{ req: ApprovalRequest; g: ReturnType<typeof gateTool> }> {
  const g = gateTool('gate_step', { gated: true });
  store = await open();
  h = await startApprovalsLab({
    store,
    extraTools: [g.tool],
    policy: { raise: risk === 'destructive' ? { gate_step: 'destructive' } : {} },
  });
  const steps: { tool: string; input: Record<string, unknown> }[] = [
    { tool: 'gate_step', input: { label: 'a' } },
  ];
  if (risk === 'destructive') steps.push({ tool: 'bounce_vm', input: { vm: 'web02' } });
  else steps.push({ tool: 'gate_step', input: { label: 'b' } });
  const c = await h.service.approvals.create({
    env: 'lab',
    steps,
    requester: slack('UREQ'),
    origin: { env: 'lab', channel: 'C1' },
  });
  if (!c.ok) throw new Error(c.message);
  const a = h.service.approvals;
  const first = await a.approve(c.request.id, slack('UAPP1'));
  const run = risk === 'destructive' ? await a.approve(c.request.id, slack('UAPP2')) : first;
  await g.started('a');
  const s = await a.stop(c.request.id, slack(stopper));
  expect(s.ok && s.request.status).toBe('paused');
  g.open('a');
  const ended = await (run.ok ? run.execution : undefined);
  expect(ended?.status).toBe('paused');
  return { req: ended!, g };
}

describeOnBothStores('resuming a stopped plan', (backend) => {
  it('a destructive plan needs two distinct approvers to resume; requester, bot and MCP never count', {
    timeout: 60_000,
  }, async () => {
    const { req } = await stoppedPlan(() => backend().open(), 'destructive');
    const a = h!.service.approvals;
    expect(h!.labCalls).toEqual([]);
    expect(await a.resume(req.id, slack('UREQ'))).toMatchObject({ ok: false, code: 'self_approval' });
    expect(await a.resume(req.id, slack('ULEAD'))).toMatchObject({ ok: false, code: 'not_allowed' });
    expect(await a.resume(req.id, { user: 'bot', via: 'slack' })).toMatchObject({
      ok: false,
      code: 'not_allowed',
    });
    expect(await a.resume(req.id, { user: 'UAPP2', via: 'mcp' })).toMatchObject({
      ok: false,
      code: 'not_allowed',
    });
    // The person who stopped it may vote to resume, but alone that is not enough for a destructive plan.
    const first = await a.resume(req.id, slack('UAPP1'));
    expect(first.ok && first.request.status).toBe('paused');
    expect(first.ok && first.execution).toBeUndefined();
    expect(first.ok && first.request.resumeApprovals?.map((v) => v.user)).toEqual(['UAPP1']);
    expect(first.ok && first.request.outcome).toMatch(/^resume: 1 of 2 approvals/);
    expect(await a.resume(req.id, slack('UAPP1'))).toMatchObject({
      ok: false,
      code: 'already_approved_by_you',
    });
    expect(h!.labCalls).toEqual([]);
    const second = await a.resume(req.id, slack('UAPP2'));
    expect(second.ok && second.request.status).toBe('running');
    const final = await (second.ok ? second.execution : undefined);
    expect(final?.status, final?.outcome).toBe('done');
    expect(h!.labCalls).toEqual(['stop web02', 'start web02']);
    const kinds = (await h!.service.audit.list({ target: req.id, limit: 100 })).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'resume_refused')).toHaveLength(5);
    expect(await h!.service.audit.verify()).toMatchObject({ ok: true });
  });

  it('a second stop empties the votes: each pause needs its own quorum', { timeout: 60_000 }, async () => {
    const { req } = await stoppedPlan(() => backend().open(), 'destructive', 'UREQ');
    const a = h!.service.approvals;
    // The requester stopped it; they still cannot resume it.
    expect(await a.resume(req.id, slack('UREQ'))).toMatchObject({ ok: false, code: 'self_approval' });
    await a.resume(req.id, slack('UAPP2'));
    expect((await a.get(req.id))?.resumeApprovals).toHaveLength(1);
    const rejected = await a.reject(req.id, slack('UAPP1'), 'not today');
    expect(rejected.ok && rejected.request.status).toBe('rejected');
    expect(await a.resume(req.id, slack('UAPP1'))).toMatchObject({ ok: false, code: 'already_decided' });
    expect(h!.labCalls).toEqual([]);
  });

  it('a mutate plan resumes on one approver, as it was approved', { timeout: 60_000 }, async () => {
    const { req, g } = await stoppedPlan(() => backend().open(), 'mutate');
    const r = await h!.service.approvals.resume(req.id, slack('UAPP2'));
    expect(r.ok && r.request.status).toBe('running');
    g.open('b');
    const final = await (r.ok ? r.execution : undefined);
    expect(final?.status).toBe('done');
    expect(g.runs).toEqual(['a', 'b']);
  });
});
