/**
 * The approval state machine, one row per real situation: who may request, four-eyes, bots and other
 * surfaces, raised risk, expiry at its exact edge, double clicks, stale pools, tampered records, reject /
 * stop / resume from every status. Real SQLite store and audit chain (test/helpers/approvals-bench.ts),
 * no lab: the lab-backed end-to-end flow is approval-flow.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { requestInputHash } from '../../src/approvals/canonical.ts';
import type { Actor, ApprovalRequest, DecisionResult } from '../../src/approvals/types.ts';
import { type Bench, type BenchOptions, openBench, slack } from '../helpers/approvals-bench.ts';

let b: Bench | undefined;
afterEach(async () => {
  await b?.close();
  b = undefined;
});
const bench = (o?: BenchOptions): Bench => {
  b = openBench(o);
  return b;
};

const origin = { env: 'lab', channel: 'C1' };
type CreateInput = Parameters<Bench['service']['create']>[0];
const change = (...labels: string[]): CreateInput => ({
  env: 'lab',
  steps: labels.map((label) => ({ tool: 'change_thing', input: { label } })),
  requester: slack('UREQ'),
  origin,
});
const wipe = (label: string): CreateInput => ({
  ...change(),
  steps: [{ tool: 'wipe_thing', input: { label } }],
});

async function created(h: Bench, p: CreateInput = change('a')): Promise<ApprovalRequest> {
  const r = await h.service.create(p);
  if (!r.ok) throw new Error(`create failed: ${r.code} ${r.message}`);
  return r.request;
}
const ran = async (d: DecisionResult): Promise<ApprovalRequest> => {
  if (!d.ok || !d.execution) throw new Error(`no run started: ${JSON.stringify(d)}`);
  return d.execution;
};
/** The request's audit trail, oldest first, as kind/outcome. */
const trail = async (h: Bench, id: string) =>
  (await h.audit.list({ target: id, limit: 100 })).map((e) => `${e.kind}/${e.outcome}`).reverse();
const refusalsOf = async (h: Bench, id: string) =>
  (await h.audit.list({ target: id, limit: 100 }))
    .filter((e) => e.kind.endsWith('_refused'))
    .map((e) => e.outcome);

describe('creating a request', () => {
  it.each([
    ['no steps', { steps: [] }, 'invalid_argument', 'a request has 1–200 steps'],
    ['steps not a list', { steps: 'a' as never }, 'invalid_argument', 'a request has 1–200 steps'],
    [
      '201 steps',
      { steps: Array.from({ length: 201 }, () => ({ tool: 'change_thing', input: { label: 'a' } })) },
      'invalid_argument',
      'a request has 1–200 steps',
    ],
    ['concurrency 0', { concurrency: 0 }, 'invalid_argument', 'concurrency must be 1–10'],
    ['concurrency 11', { concurrency: 11 }, 'invalid_argument', 'concurrency must be 1–10'],
    ['concurrency 1.5', { concurrency: 1.5 }, 'invalid_argument', 'concurrency must be 1–10'],
    [
      'a tool nobody registered',
      {
        steps: [
          { tool: 'change_thing', input: { label: 'a' } },
          { tool: 'rm_rf', input: {} },
        ],
      },
      'unknown_tool',
      'step 2: unknown tool "rm_rf"',
    ],
    [
      'input outside the schema',
      { steps: [{ tool: 'change_thing', input: { label: 'a; reboot' } }] },
      'invalid_argument',
      'step 1 (change_thing): label: ',
    ],
    [
      'input that is not an object',
      { steps: [{ tool: 'change_thing', input: 'a' as never }] },
      'invalid_argument',
      'step 1 (change_thing): input: ',
    ],
    ['an unknown environment', { env: 'mars' }, 'invalid_argument', 'unknown environment "mars"'],
    [
      'an environment without a policy',
      { env: 'bare' },
      'not_allowed',
      'no approval policy is configured for this environment',
    ],
    [
      'a requester outside the policy',
      { requester: slack('UEVE') },
      'not_allowed',
      'UEVE may not request changes',
    ],
  ] as [string, Partial<CreateInput>, string, string][])('refuses %s', async (_, edit, code, message) => {
    const h = bench();
    const r = await h.service.create({ ...change('a'), ...edit });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe(code);
    expect(r.message.slice(0, message.length)).toBe(message);
    expect(await h.service.list()).toEqual([]);
  });

  it('stores a pending request bound to its input, with the quorum, pool and expiry of its class', async () => {
    const h = bench();
    const r = await created(h, { ...change('a', 'b'), concurrency: 10 });
    expect(r).toMatchObject({
      status: 'pending',
      revision: 1,
      risk: 'mutate',
      required: 1,
      approverPool: ['UAPP1', 'UAPP2', 'SLEADS'],
      approvals: [],
      concurrency: 10,
      title: 'change_thing a; change_thing b',
      createdAt: '2026-11-29T10:00:00.000Z',
      expiresAt: '2026-11-29T10:15:00.000Z',
    });
    expect(r.id).toMatch(/^req-[0-9a-f]{16}$/);
    expect(r.steps.map((s) => [s.label, s.status])).toEqual([
      ['change_thing a', 'pending'],
      ['change_thing b', 'pending'],
    ]);
    expect(r.inputHash).toBe(requestInputHash({ env: 'lab', steps: r.steps, concurrency: 10 }));
    expect(r.prechecks).toEqual([
      { step: 0, ok: true, text: 'a ready' },
      { step: 1, ok: true, text: 'b ready' },
    ]);
    // The stored row also carries its signature (the audit key's HMAC); everything else is what create returned.
    const { sig, ...stored } = (await h.service.get(r.id))!;
    expect(sig).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).toEqual(r);
    expect((await h.audit.list({ target: r.id })).map((e) => `${e.kind}/${e.outcome}/${e.actor}`)).toEqual([
      'request_created/created/UREQ',
    ]);
    expect(h.runs).toEqual([]);
  });

  it('a rolling plan of 200 steps is accepted (the bound is 200, not 199)', async () => {
    const h = bench();
    const labels = Array.from({ length: 200 }, (_, i) => `vm${i}`);
    expect((await created(h, change(...labels))).steps).toHaveLength(200);
  });

  it('echoes at most 64 characters of an unknown tool name', async () => {
    const h = bench();
    const r = await h.service.create({ ...change(), steps: [{ tool: 'x'.repeat(100), input: {} }] });
    expect(r).toEqual({
      ok: false,
      code: 'unknown_tool',
      message: `step 1: unknown tool "${'x'.repeat(64)}"`,
    });
  });

  it('names every field that is wrong, nested fields by their path', async () => {
    const h = bench();
    const r = await h.service.create({
      ...change(),
      steps: [{ tool: 'move_thing', input: { label: 'A!', to: { host: 'evil host' } } }],
    });
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.message).toMatch(/^step 1 \(move_thing\): label: [^;]+; to\.host: [^;]+$/);
  });

  it('a step of a tool with no checks and no description gets a plain label and no pre-check', async () => {
    const h = bench();
    const r = await created(h, { ...change(), steps: [{ tool: 'poke_thing', input: { label: 'a' } }] });
    expect(r.steps[0]?.label).toBe('poke_thing {"label":"a"}');
    expect(r.prechecks).toEqual([]);
  });

  it('labels are written in English for the audit, whatever language the tool speaks', async () => {
    const h = bench();
    expect((await created(h)).steps[0]?.label).toBe('change_thing a');
  });

  it('a pre-check that cannot run refuses the request', async () => {
    const h = bench();
    h.precheckThrows.add('a');
    expect(await h.service.create(change('a'))).toEqual({
      ok: false,
      code: 'precheck_failed',
      message: 'step 1: pre-check could not run: API unreachable',
    });
  });

  it('a requester check that cannot be answered refuses, and says why', async () => {
    const h = bench({ policy: { requesters: ['UREQ', 'SDOWN'] } });
    expect(await h.service.create({ ...change('a'), requester: slack('UOTHER') })).toEqual({
      ok: false,
      code: 'not_allowed',
      message: 'could not check the policy: Slack user groups are unavailable',
    });
  });

  it('a store that cannot write refuses, and an audit that cannot append says the request is not audited', async () => {
    const h = bench();
    h.breakAudit();
    const r = await h.service.create(change('a'));
    expect(r).toEqual({
      ok: false,
      code: 'store_unavailable',
      message: 'request stored but not audited: audit store is full',
    });
    const down = bench();
    await down.store.close();
    const d = await down.service.create(change('a'));
    expect(d.ok).toBe(false);
    expect(d.ok ? '' : `${d.code}: ${d.message}`).toMatch(
      /^store_unavailable: could not store the request: /,
    );
  });

  it('one step at a time unless the plan says otherwise; labels and titles are bounded', async () => {
    const h = bench();
    const r = await created(h, {
      ...change(),
      steps: [{ tool: 'change_thing', input: { label: 'a' }, label: 'x'.repeat(400) }],
    });
    expect(r.concurrency).toBe(1);
    expect(r.steps[0]?.label).toBe('x'.repeat(300));
    expect(r.title).toBe('x'.repeat(300));
    const t = await created(h, { ...change('a'), title: 'y'.repeat(400) });
    expect(t.title).toBe('y'.repeat(300));
  });

  it('a requester in a requester group (S…) may request', async () => {
    const h = bench();
    expect((await h.service.create({ ...change('a'), requester: slack('UOPS') })).ok).toBe(true);
  });

  it('a destructive tool needs two approvers from the destructive pool', async () => {
    const h = bench();
    expect(await created(h, wipe('a'))).toMatchObject({
      risk: 'destructive',
      required: 2,
      approverPool: ['UAPP1', 'UAPP2', 'UAPP3'],
    });
  });

  it('the operator can raise a tool to destructive; a plan is as risky as its riskiest step', async () => {
    const h = bench({ policy: { raise: { change_thing: 'destructive' } } });
    expect(await created(h)).toMatchObject({ risk: 'destructive', required: 2 });
    const mixed = bench();
    const r = await created(mixed, {
      ...change(),
      steps: [
        { tool: 'change_thing', input: { label: 'a' } },
        { tool: 'wipe_thing', input: { label: 'b' } },
      ],
    });
    expect(r).toMatchObject({ risk: 'destructive', required: 2 });
  });

  it('a failed pre-check refuses the request and names the step and why', async () => {
    const h = bench();
    h.precheckFails.add('b');
    const r = await h.service.create(change('a', 'b'));
    expect(r).toEqual({
      ok: false,
      code: 'precheck_failed',
      message: 'step 2: b is not in a state to change',
    });
    expect(await h.service.list()).toEqual([]);
  });
});

describe('approving', () => {
  it('one approval from the pool runs a mutate request once, and a second click finds it decided', async () => {
    const h = bench();
    const r = await created(h);
    const d = await h.service.approve(r.id, slack('UAPP1'));
    expect(d).toMatchObject({ ok: true, request: { status: 'approved', approvals: [{ user: 'UAPP1' }] } });
    expect((await ran(d)).status).toBe('done');
    expect(h.runs).toEqual(['a']);
    const again = await h.service.approve(r.id, slack('UAPP2'));
    expect(again).toMatchObject({
      ok: false,
      code: 'already_decided',
      message: 'this request is already done',
    });
    expect(h.runs).toEqual(['a']);
    expect(await refusalsOf(h, r.id)).toEqual(['already_decided: this request is already done']);
  });

  it('a double click by the same approver on a destructive request counts once', async () => {
    const h = bench();
    const r = await created(h, wipe('a'));
    const first = await h.service.approve(r.id, slack('UAPP1'));
    expect(first).toMatchObject({ ok: true, request: { status: 'pending', approvals: [{ user: 'UAPP1' }] } });
    expect(first.ok && first.execution).toBeFalsy();
    expect(await h.service.approve(r.id, slack('UAPP1'))).toMatchObject({
      ok: false,
      code: 'already_approved_by_you',
    });
    expect(h.runs).toEqual([]);
    const second = await h.service.approve(r.id, slack('UAPP2'));
    expect(second).toMatchObject({ ok: true, request: { status: 'approved' } });
    expect((await ran(second)).status).toBe('done');
    expect(h.runs).toEqual(['a']);
    expect((await trail(h, r.id)).slice(0, 4)).toEqual([
      'request_created/created',
      'approval/approval_added',
      'approval_refused/already_approved_by_you: you already approved this request',
      'approval/approved',
    ]);
  });

  it('many simultaneous clicks reach the quorum once and run once', async () => {
    const h = bench();
    const r = await created(h);
    const clicks = await Promise.all(
      ['UAPP1', 'UAPP2', 'ULEAD', 'UAPP1', 'UAPP2'].map((u) => h.service.approve(r.id, slack(u))),
    );
    const started = clicks.filter((c) => c.ok && c.execution);
    expect(started).toHaveLength(1);
    await ran(started[0] as DecisionResult);
    expect(h.runs).toEqual(['a']);
  });

  it.each([
    ['the requester (four-eyes)', { user: 'UAPP1', via: 'slack' }, 'self_approval'],
    ['the bot', { user: 'bot', via: 'slack' }, 'not_allowed'],
    ['a watch', { user: 'UAPP2', via: 'watch' }, 'not_allowed'],
    ['the CLI (--as is not an identity)', { user: 'UAPP2', via: 'cli' }, 'not_allowed'],
    ['MCP', { user: 'UAPP2', via: 'mcp' }, 'not_allowed'],
    ['the assistant', { user: 'UAPP2', via: 'assistant' }, 'not_allowed'],
    ['someone outside the pool', { user: 'UEVE', via: 'slack' }, 'not_allowed'],
  ] as [string, Actor, string][])(
    'refuses an approval by %s and audits the refusal',
    async (_, who, code) => {
      const h = bench();
      const r = await created(h, { ...change('a'), requester: slack('UAPP1') });
      const d = await h.service.approve(r.id, who);
      expect(d).toMatchObject({ ok: false, code, request: { id: r.id, status: 'pending' } });
      expect((await h.service.get(r.id))?.approvals).toEqual([]);
      expect(await refusalsOf(h, r.id)).toEqual([`${code}: ${d.ok ? '' : d.message}`]);
      const [entry] = await h.audit.list({ target: r.id, kind: 'approval_refused' });
      expect(entry).toMatchObject({ actor: who.user, via: who.via });
      expect(h.runs).toEqual([]);
    },
  );

  it('with four-eyes off the requester may approve their own request', async () => {
    const h = bench({ policy: { fourEyes: false } });
    const r = await created(h, { ...change('a'), requester: slack('UAPP1') });
    expect((await ran(await h.service.approve(r.id, slack('UAPP1')))).status).toBe('done');
  });

  it('a member of an approver group (S…) may approve', async () => {
    const h = bench();
    const r = await created(h);
    expect((await ran(await h.service.approve(r.id, slack('ULEAD')))).status).toBe('done');
  });

  it('a risk raised after the request was made applies: two approvers, from the destructive pool', async () => {
    const h = bench();
    const r = await created(h);
    h.policy.raise = { change_thing: 'destructive' };
    expect(await h.service.approve(r.id, slack('ULEAD'))).toMatchObject({
      ok: false,
      code: 'not_allowed',
      message: 'ULEAD may not approve destructive actions',
    });
    const first = await h.service.approve(r.id, slack('UAPP1'));
    expect(first).toMatchObject({
      ok: true,
      request: { status: 'pending', risk: 'destructive', required: 2 },
    });
    const second = await h.service.approve(r.id, slack('UAPP2'));
    expect((await ran(second)).status).toBe('done');
  });

  it('someone added to the policy after the request is not among its stored approvers', async () => {
    const h = bench();
    const r = await created(h);
    h.policy.approvers.mutate = [...h.policy.approvers.mutate, 'UNEW'];
    expect(await h.service.approve(r.id, slack('UNEW'))).toMatchObject({
      ok: false,
      code: 'not_allowed',
      message: "UNEW was not among this request's approvers",
    });
  });

  it('someone removed from the policy after the request may no longer approve it', async () => {
    const h = bench();
    const r = await created(h);
    h.policy.approvers.mutate = ['UAPP2'];
    expect(await h.service.approve(r.id, slack('UAPP1'))).toMatchObject({ ok: false, code: 'not_allowed' });
  });

  it('a policy removed from the environment refuses every approval', async () => {
    const h = bench();
    const r = await created(h);
    h.removePolicy();
    expect(await h.service.approve(r.id, slack('UAPP1'))).toMatchObject({
      ok: false,
      code: 'not_allowed',
      message: 'no approval policy is configured for this environment',
    });
  });

  it('a group check that cannot be answered is a refusal, not a pass', async () => {
    const h = bench({ policy: { approvers: { mutate: ['UAPP1', 'SDOWN'], destructive: ['UAPP1'] } } });
    const r = await created(h);
    expect(await h.service.approve(r.id, slack('UAPP9'))).toMatchObject({
      ok: false,
      code: 'not_allowed',
      message: 'could not check the approver: Slack user groups are unavailable',
    });
    expect(await h.service.reject(r.id, slack('UAPP9'))).toMatchObject({ ok: false, code: 'not_allowed' });
    expect((await h.service.get(r.id))?.status).toBe('pending');
  });

  it('expires at exactly its expiry time: a minute before it still runs, at it the click is refused', async () => {
    const h = bench();
    const early = await created(h);
    const late = await created(h, change('b'));
    h.advance(15 * 60_000 - 1);
    expect((await ran(await h.service.approve(early.id, slack('UAPP1')))).status).toBe('done');
    h.advance(1);
    const d = await h.service.approve(late.id, slack('UAPP1'));
    expect(d).toMatchObject({ ok: false, code: 'expired', message: 'this request has expired' });
    expect(await h.service.get(late.id)).toMatchObject({
      status: 'expired',
      outcome: 'expired before enough approvals',
    });
    expect(await h.service.approve(late.id, slack('UAPP2'))).toMatchObject({
      ok: false,
      code: 'expired',
      message: 'this request has expired',
    });
    expect(await trail(h, late.id)).toEqual([
      'request_created/created',
      'expiry/expired',
      // the click that found it overdue, then the later one
      'approval_refused/expired: this request has expired',
      'approval_refused/expired: this request has expired',
    ]);
    expect(h.runs).toEqual(['a']);
  });

  it('the sweeper expires pending requests at their expiry and leaves the rest', async () => {
    const h = bench();
    const old = await created(h);
    h.advance(60_000);
    const young = await created(h, change('b'));
    const decided = await created(h, change('c'));
    await h.service.reject(decided.id, slack('UREQ'));
    h.advance(14 * 60_000);
    expect(await h.service.sweep()).toEqual({ expired: [old.id], recovered: [] });
    expect((await h.service.get(old.id))?.status).toBe('expired');
    expect((await h.service.get(young.id))?.status).toBe('pending');
    h.advance(60_000 - 1);
    expect((await h.service.sweep()).expired).toEqual([]);
    expect((await h.service.get(young.id))?.status).toBe('pending');
    h.advance(1);
    expect((await h.service.sweep()).expired).toEqual([young.id]);
    expect(await h.service.get(young.id)).toMatchObject({
      status: 'expired',
      outcome: 'expired before enough approvals',
    });
    expect((await h.service.get(decided.id))?.status).toBe('rejected');
    const [e] = await h.audit.list({ target: young.id, kind: 'expiry' });
    expect(e).toMatchObject({ actor: 'bot', outcome: 'expired' });
  });

  it('a request rejected while the sweeper works stays rejected', async () => {
    const h = bench();
    const r = await created(h);
    h.advance(15 * 60_000);
    // The sweeper has read the request as pending and overdue; the requester turns it down before it writes.
    h.afterList = async () => {
      expect((await h.service.reject(r.id, slack('UREQ'), 'not needed')).ok).toBe(true);
    };
    expect((await h.service.sweep()).expired).toEqual([]);
    expect(await h.service.get(r.id)).toMatchObject({
      status: 'rejected',
      outcome: 'rejected by UREQ: not needed',
    });
  });

  it.each([
    [
      'an input edited in the store',
      (v: ApprovalRequest) => {
        v.steps[0]!.input = { label: 'z' };
      },
    ],
    [
      'a tool swapped in the store',
      (v: ApprovalRequest) => {
        v.steps[0]!.tool = 'wipe_thing';
      },
    ],
    [
      'a tool that no longer exists',
      (v: ApprovalRequest) => {
        v.steps[0]!.tool = 'gone_tool';
      },
    ],
    [
      'a concurrency raised in the store',
      (v: ApprovalRequest) => {
        v.concurrency = 10;
      },
    ],
  ])('refuses %s as tampered, and nothing runs', async (_, edit) => {
    const h = bench();
    const r = await created(h);
    await h.tamper(r.id, edit);
    const d = await h.service.approve(r.id, slack('UAPP1'));
    expect(d).toMatchObject({ ok: false, code: 'tampered' });
    expect(d.ok ? '' : d.message).toMatch(
      /^refused: (stored steps do not match the approved hash|step 1: unknown tool "gone_tool")$/,
    );
    expect(h.runs).toEqual([]);
  });

  it('an id that is not a request is not found (and the refusal is audited)', async () => {
    const h = bench();
    expect(await h.service.approve('req-0000000000000000', slack('UAPP1'))).toEqual({
      ok: false,
      code: 'not_found',
      message: 'no such request',
    });
    expect(await h.service.approve('../etc/passwd', slack('UAPP1'))).toMatchObject({ code: 'not_found' });
    await h.service.approve(`req-${'f'.repeat(100)}`, slack('UAPP1'));
    const [long] = await h.audit.list({ kind: 'approval_refused', limit: 1 });
    expect(long?.target).toBe(`req-${'f'.repeat(36)}`);
    const [e] = (await h.audit.list({ kind: 'approval_refused' })).filter(
      (x) => x.target === '../etc/passwd',
    );
    expect(e).toMatchObject({ actor: 'UAPP1', outcome: 'not_found: no such request' });
    expect(e).toMatchObject({
      actor: 'UAPP1',
      target: '../etc/passwd',
      outcome: 'not_found: no such request',
    });
  });

  it('a store that is down is a closed door', async () => {
    const h = bench();
    const r = await created(h);
    await h.store.close();
    const d = await h.service.approve(r.id, slack('UAPP1'));
    expect(d).toMatchObject({ ok: false, code: 'store_unavailable' });
    expect(d.ok ? '' : d.message).toMatch(/^nothing was changed: /);
    expect(h.runs).toEqual([]);
  });
});

describe('rejecting and stopping', () => {
  it.each([
    ['the requester', 'UREQ'],
    ['an approver', 'UAPP2'],
    ['a member of an approver group', 'ULEAD'],
  ])('%s may reject a pending request, with a reason', async (_, user) => {
    const h = bench();
    const r = await created(h);
    const d = await h.service.reject(r.id, slack(user), 'wrong host');
    expect(d).toMatchObject({
      ok: true,
      request: {
        status: 'rejected',
        decision: { by: user, reason: 'wrong host' },
        outcome: `rejected by ${user}: wrong host`,
      },
    });
    expect(await h.service.approve(r.id, slack('UAPP1'))).toMatchObject({ code: 'already_decided' });
    expect((await trail(h, r.id)).slice(0, 2)).toEqual(['request_created/created', 'rejection/rejected']);
    expect(h.runs).toEqual([]);
  });

  it('a rejection without a reason says who; a long reason is cut to 500 characters', async () => {
    const h = bench();
    const a = await created(h);
    const d = await h.service.reject(a.id, slack('UAPP1'));
    expect(d).toMatchObject({ ok: true, request: { outcome: 'rejected by UAPP1' } });
    expect(d.ok && d.request.decision).toEqual({ by: 'UAPP1', at: '2026-11-29T10:00:00.000Z' });
    const c = await created(h, change('c'));
    const long = await h.service.reject(c.id, slack('UAPP1'), 'r'.repeat(600));
    expect(long.ok && long.request.decision?.reason).toBe('r'.repeat(500));
  });

  it.each([
    ['someone outside the request', slack('UEVE'), 'UREQ'],
    ['the bot, even as the recorded requester', { user: 'bot', via: 'slack' } as Actor, 'bot'],
    ['a watch, even in the pool', { user: 'UAPP1', via: 'watch' } as Actor, 'UREQ'],
  ])('%s may not reject or stop', async (_, who, requester) => {
    const h = bench();
    const r = await created(h);
    await h.tamper(r.id, (v) => {
      v.requester = { user: requester, via: 'slack' };
    });
    expect(await h.service.reject(r.id, who)).toMatchObject({
      ok: false,
      code: 'not_allowed',
      message: `${who.user} may not reject this request`,
    });
    expect(await h.service.stop(r.id, who)).toMatchObject({
      ok: false,
      code: 'not_allowed',
      message: `${who.user} may not stop this request`,
    });
    expect((await h.service.get(r.id))?.status).toBe('pending');
    expect(
      (await h.audit.list({ target: r.id })).map((e) => e.kind).filter((k) => k.endsWith('_refused')),
    ).toEqual(['stop_refused', 'rejection_refused']);
  });

  it('an expired request cannot be rejected (it says expired), a decided one says so', async () => {
    const h = bench();
    const r = await created(h);
    const done = await created(h, change('b'));
    await ran(await h.service.approve(done.id, slack('UAPP1')));
    h.advance(15 * 60_000);
    await h.service.sweep();
    expect(await h.service.reject(r.id, slack('UREQ'))).toMatchObject({
      ok: false,
      code: 'expired',
      message: 'this request is already expired',
    });
    expect(await h.service.reject(done.id, slack('UREQ'))).toMatchObject({
      ok: false,
      code: 'already_decided',
      message: 'this request is already done',
    });
  });

  it('Stop on a pending request cancels it', async () => {
    const h = bench();
    const r = await created(h);
    expect(await h.service.stop(r.id, slack('UREQ'))).toMatchObject({
      ok: true,
      request: { status: 'cancelled', outcome: 'cancelled by UREQ', decision: { by: 'UREQ' } },
    });
    expect(await h.service.stop(r.id, slack('UREQ'))).toMatchObject({
      ok: false,
      code: 'already_decided',
      message: 'this request is already cancelled',
    });
    expect(await h.service.approve(r.id, slack('UAPP1'))).toMatchObject({ code: 'already_decided' });
    expect((await trail(h, r.id))[1]).toBe('cancellation/cancelled');
  });

  it('Stop right after the quorum, before the first step started, pauses the plan and runs nothing', async () => {
    const h = bench();
    const r = await created(h);
    // The state between the deciding click and the executor's first step (or a process that died there).
    await h.tamper(r.id, (v) => {
      v.status = 'approved';
      v.approvals = [{ user: 'UAPP1', at: '2026-11-29T10:00:00.000Z' }];
    });
    expect(await h.service.stop(r.id, slack('UREQ'))).toMatchObject({
      ok: true,
      request: { status: 'paused', outcome: 'stopped by UREQ; not run: step 1 (change_thing a)' },
    });
    expect(h.runs).toEqual([]);
  });

  it('Stop on a running plan halts it before the next step and says what is left', async () => {
    const h = bench();
    h.hold('a');
    const r = await created(h, change('a', 'b', 'c'));
    const d = await h.service.approve(r.id, slack('UAPP1'));
    await h.started('a');
    const s = await h.service.stop(r.id, slack('UAPP2'));
    expect(s).toMatchObject({
      ok: true,
      request: {
        status: 'paused',
        decision: { by: 'UAPP2', reason: 'stop' },
        outcome: 'stopped by UAPP2; not run: steps 2, 3 (change_thing b; change_thing c)',
      },
    });
    expect(await trail(h, r.id)).toContain('pause/paused');
    h.release('a');
    const end = await ran(d);
    expect(end.status).toBe('paused');
    expect(end.steps.map((x) => x.status)).toEqual(['complete', 'pending', 'pending']);
    expect(h.runs).toEqual(['a']);
    // A paused plan can be turned down; the outcome keeps what was left.
    expect(await h.service.reject(r.id, slack('UREQ'), 'enough')).toMatchObject({
      ok: true,
      request: {
        status: 'rejected',
        outcome: 'rejected by UREQ: enough; not run: steps 2, 3 (change_thing b; change_thing c)',
      },
    });
  });
});

describe('resuming a paused plan', () => {
  async function pausedAfterA(h: Bench): Promise<ApprovalRequest> {
    h.hold('a');
    const r = await created(h, change('a', 'b'));
    const d = await h.service.approve(r.id, slack('UAPP1'));
    await h.started('a');
    await h.service.stop(r.id, slack('UREQ'));
    h.release('a');
    await ran(d);
    return r;
  }

  it('an approver resumes it and the rest runs; the requester may not (four-eyes)', async () => {
    const h = bench();
    const r = await pausedAfterA(h);
    expect(await h.service.resume(r.id, slack('UREQ'))).toMatchObject({ ok: false, code: 'self_approval' });
    expect(await h.service.resume(r.id, slack('UEVE'))).toMatchObject({ ok: false, code: 'not_allowed' });
    expect((await h.audit.list({ target: r.id, kind: 'resume_refused' })).map((e) => e.actor).sort()).toEqual(
      ['UEVE', 'UREQ'],
    );
    const d = await h.service.resume(r.id, slack('UAPP2'));
    expect(d).toMatchObject({
      ok: true,
      request: { status: 'running', decision: { by: 'UAPP2', reason: 'resume' } },
    });
    expect((await ran(d)).status).toBe('done');
    expect(h.runs).toEqual(['a', 'b']);
    const t = await trail(h, r.id);
    expect(t.slice(t.indexOf('pause/paused'))).toEqual([
      'pause/paused',
      'step/complete',
      'resume_refused/self_approval: four-eyes: the requester cannot approve their own request',
      'resume_refused/not_allowed: UEVE may not approve mutate actions',
      'approval/approved',
      'step/in_progress',
      'step/complete',
      'result/done',
    ]);
  });

  it.each([
    ['pending', (h: Bench) => created(h)],
    [
      'done',
      async (h: Bench) => {
        const r = await created(h);
        await ran(await h.service.approve(r.id, slack('UAPP1')));
        return r;
      },
    ],
  ])('a %s request is not resumed', async (status, make) => {
    const h = bench();
    const r = await make(h);
    expect(await h.service.resume(r.id, slack('UAPP2'))).toMatchObject({
      ok: false,
      code: 'already_decided',
      message: `this request is ${status}, not paused`,
    });
  });

  it('needs the recorded quorum: a paused record whose approvals were removed is not resumed', async () => {
    const h = bench();
    const r = await pausedAfterA(h);
    await h.tamper(r.id, (v) => {
      v.approvals = [];
    });
    expect(await h.service.resume(r.id, slack('UAPP2'))).toMatchObject({
      ok: false,
      code: 'not_allowed',
      message: 'cannot resume: 0 of 1 required approvals recorded',
    });
    expect(h.runs).toEqual(['a']);
  });

  it('a step whose outcome is unknown is verified, never re-run', async () => {
    const h = bench();
    const r = await pausedAfterA(h);
    await h.tamper(r.id, (v) => {
      v.steps[0]!.status = 'unknown';
    });
    const d = await h.service.resume(r.id, slack('UAPP2'));
    const end = await ran(d);
    expect(end.status).toBe('done');
    expect(end.steps[0]).toMatchObject({
      status: 'complete',
      result: 'verified after restart: a is changed',
    });
    expect(h.runs).toEqual(['a', 'b']);
  });

  it('an unknown step that cannot be verified fails the plan and says what is left', async () => {
    const h = bench();
    const r = await pausedAfterA(h);
    await h.tamper(r.id, (v) => {
      v.steps[0]!.status = 'unknown';
    });
    h.verifyFails.add('a');
    const d = await h.service.resume(r.id, slack('UAPP2'));
    expect(d).toMatchObject({
      ok: true,
      request: {
        status: 'failed',
        outcome:
          'step 1 outcome unknown and not verified (a is unchanged); nothing re-run; not run: step 2 (change_thing b)',
        decision: { by: 'UAPP2', reason: 'resume' },
      },
    });
    expect(d.ok && d.execution).toBeFalsy();
    expect(h.runs).toEqual(['a']);
    expect((await trail(h, r.id)).at(-1)).toBe('result/failed');
  });

  it.each([
    ['a tool that declares no verification', 'poke_thing', '', 'the tool declares no verification'],
    [
      'a verification that cannot run',
      'change_thing',
      'throws',
      'verification could not run: API unreachable',
    ],
  ])('an unknown step of %s is not trusted', async (_, tool, how, why) => {
    const h = bench();
    h.hold('a');
    const r = await created(h, { ...change(), steps: [{ tool, input: { label: 'a' } }] });
    await h.tamper(r.id, (v) => {
      v.status = 'paused';
      v.approvals = [{ user: 'UAPP1', at: '2026-11-29T10:00:00.000Z' }];
      v.steps[0]!.status = 'unknown';
    });
    if (how === 'throws') h.verifyThrows.add('a');
    const d = await h.service.resume(r.id, slack('UAPP2'));
    expect(d).toMatchObject({
      ok: true,
      request: {
        status: 'failed',
        outcome: `step 1 outcome unknown and not verified (${why}); nothing re-run; nothing left to run`,
      },
    });
  });
});

describe('running an approved plan', () => {
  it('runs the steps in order and ends done', async () => {
    const h = bench();
    const r = await created(h, change('a', 'b', 'c'));
    const events: string[] = [];
    h.service.subscribe((x, e) => events.push(`${e}:${x.status}`));
    const end = await ran(await h.service.approve(r.id, slack('UAPP1')));
    expect(end).toMatchObject({ status: 'done', outcome: 'all 3 steps complete' });
    expect(end.steps.map((s) => [s.status, s.result])).toEqual([
      ['complete', 'a changed; verified: a is changed'],
      ['complete', 'b changed; verified: b is changed'],
      ['complete', 'c changed; verified: c is changed'],
    ]);
    expect(h.runs).toEqual(['a', 'b', 'c']);
    expect(events).toEqual([
      'approved:approved',
      ...['a', 'b', 'c'].flatMap(() => ['step_started:running', 'step_finished:running']),
      'done:done',
    ]);
    expect(await h.audit.verify()).toMatchObject({ ok: true });
  });

  it('N at a time where the plan says so, never more', async () => {
    const h = bench();
    for (const l of ['a', 'b', 'c']) h.hold(l);
    const r = await created(h, { ...change('a', 'b', 'c'), concurrency: 2 });
    const d = await h.service.approve(r.id, slack('UAPP1'));
    await Promise.all([h.started('a'), h.started('b')]);
    expect(h.runs).toEqual(['a', 'b']);
    h.release('a');
    h.release('b');
    await h.started('c');
    h.release('c');
    expect((await ran(d)).status).toBe('done');
  });

  it.each([
    [
      'a pre-check that turned false',
      (h: Bench) => h.precheckFails.add('b'),
      ['complete', 'skipped', 'pending'],
      'cancelled: b is not in a state to change',
      'step 2 cancelled: b is not in a state to change; not run: step 3 (change_thing c)',
      ['a'],
    ],
    [
      'a failed verification',
      (h: Bench) => h.verifyFails.add('b'),
      ['complete', 'error', 'pending'],
      'verification failed: b is unchanged',
      'step 2 verification failed: b is unchanged; not run: step 3 (change_thing c)',
      ['a', 'b'],
    ],
    [
      'a step that fails',
      (h: Bench) => h.runThrows.add('b'),
      ['complete', 'error', 'pending'],
      'b: host refused',
      'step 2 b: host refused; not run: step 3 (change_thing c)',
      ['a', 'b'],
    ],
    [
      'a pre-check that cannot run any more',
      (h: Bench) => h.precheckThrows.add('b'),
      ['complete', 'skipped', 'pending'],
      'cancelled: pre-check could not run: API unreachable',
      'step 2 cancelled: pre-check could not run: API unreachable; not run: step 3 (change_thing c)',
      ['a'],
    ],
    [
      'a verification that cannot run',
      (h: Bench) => h.verifyThrows.add('b'),
      ['complete', 'error', 'pending'],
      'ran (b changed) but could not verify: API unreachable',
      'step 2 ran (b changed) but could not verify: API unreachable; not run: step 3 (change_thing c)',
      ['a', 'b'],
    ],
  ] as [string, (h: Bench) => void, string[], string, string, string[]][])(
    '%s stops the plan and says what is left',
    async (_, arrange, statuses, stepResult, outcome, runs) => {
      const h = bench();
      const r = await created(h, change('a', 'b', 'c'));
      arrange(h);
      const end = await ran(await h.service.approve(r.id, slack('UAPP1')));
      expect(end.status).toBe('failed');
      expect(end.steps.map((s) => s.status)).toEqual(statuses);
      expect(end.steps[1]?.result).toBe(stepResult);
      expect(end.outcome).toBe(outcome);
      expect(h.runs).toEqual(runs);
    },
  );

  it('a tool without verification completes on its own word', async () => {
    const h = bench();
    const r = await created(h, { ...change(), steps: [{ tool: 'poke_thing', input: { label: 'a' } }] });
    const end = await ran(await h.service.approve(r.id, slack('UAPP1')));
    expect(end).toMatchObject({ status: 'done', steps: [{ status: 'complete', result: 'a poked' }] });
  });

  it('every step is audited with its number, tool, input and state', async () => {
    const h = bench();
    const r = await created(h, change('a', 'b'));
    await ran(await h.service.approve(r.id, slack('UAPP1')));
    const steps = (await h.audit.list({ target: r.id, kind: 'step' })).reverse();
    expect(steps.map((e) => [e.actor, e.outcome, e.detail?.step, e.detail?.tool, e.detail?.input])).toEqual([
      ['bot', 'in_progress', 1, 'change_thing', { label: 'a' }],
      ['bot', 'complete', 1, 'change_thing', { label: 'a' }],
      ['bot', 'in_progress', 2, 'change_thing', { label: 'b' }],
      ['bot', 'complete', 2, 'change_thing', { label: 'b' }],
    ]);
    expect(steps[1]?.detail?.result).toBe('a changed; verified: a is changed');
  });

  it('Resume while the stopped step still runs keeps one run: the next step waits for it', async () => {
    const h = bench();
    h.hold('a');
    const r = await created(h, change('a', 'b'));
    const first = await h.service.approve(r.id, slack('UAPP1'));
    await h.started('a');
    await h.service.stop(r.id, slack('UREQ'));
    const resumed = await h.service.resume(r.id, slack('UAPP2'));
    expect(resumed).toMatchObject({ ok: true, request: { status: 'running' } });
    expect(h.runs).toEqual(['a']);
    h.release('a');
    const [x, y] = await Promise.all([ran(first), ran(resumed)]);
    expect(x.status).toBe('done');
    expect(y.status).toBe('done');
    expect(h.runs).toEqual(['a', 'b']);
    // b waited for a: one run, never two side by side — the Resume joined the live run.
    expect(h.log).toEqual(['start:a', 'end:a', 'start:b', 'end:b']);
    expect(resumed.ok && resumed.execution).toBe(first.ok && first.execution);
  });

  it('Stop while the next step is being pre-checked: that step never starts', async () => {
    const h = bench();
    const r = await created(h, change('a', 'b'));
    h.hold('pre:b');
    const d = await h.service.approve(r.id, slack('UAPP1'));
    await h.started('pre:b');
    expect((await h.service.stop(r.id, slack('UREQ'))).ok).toBe(true);
    h.release('pre:b');
    const end = await ran(d);
    expect(end.status).toBe('paused');
    expect(end.steps.map((s) => s.status)).toEqual(['complete', 'pending']);
    expect(h.runs).toEqual(['a']);
  });

  it('a plan edited while its next step is pre-checked: the approved step is not run', async () => {
    const h = bench();
    const r = await created(h, change('a', 'b'));
    h.hold('pre:b');
    const d = await h.service.approve(r.id, slack('UAPP1'));
    await h.started('pre:b');
    await h.tamper(r.id, (v) => {
      v.steps[1]!.input = { label: 'evil' };
      v.inputHash = requestInputHash(v);
    });
    h.release('pre:b');
    const end = await ran(d);
    expect(end.status).toBe('failed');
    expect(h.runs).toEqual(['a']);
  });

  it('the first step failing fails the plan; steps carry when they started and finished', async () => {
    const h = bench();
    h.runThrows.add('a');
    const events: string[] = [];
    h.service.subscribe((x, e) => events.push(`${e}:${x.status}`));
    const r = await created(h, change('a', 'b'));
    const end = await ran(await h.service.approve(r.id, slack('UAPP1')));
    expect(end).toMatchObject({
      status: 'failed',
      outcome: 'step 1 a: host refused; not run: step 2 (change_thing b)',
    });
    expect(end.steps[0]).toMatchObject({
      status: 'error',
      startedAt: '2026-11-29T10:00:00.000Z',
      finishedAt: '2026-11-29T10:00:00.000Z',
    });
    expect(events.at(-1)).toBe('failed:failed');
  });

  it('a pre-check that turns false at run time is a finished (skipped) step, not a started one', async () => {
    const h = bench();
    const r = await created(h, change('a'));
    h.precheckFails.add('a');
    const events: string[] = [];
    h.service.subscribe((x, e) => events.push(`${e}:${x.status}`));
    const end = await ran(await h.service.approve(r.id, slack('UAPP1')));
    expect(end.steps[0]).toMatchObject({ status: 'skipped', finishedAt: '2026-11-29T10:00:00.000Z' });
    expect(events).toEqual(['approved:approved', 'step_finished:running', 'failed:failed']);
  });

  it('a plan that outlasts a third of its lease renews it, and a finished run lets the lease go', async () => {
    const h = bench({ leaseMs: 150 });
    h.hold('a');
    const r = await created(h);
    const d = await h.service.approve(r.id, slack('UAPP1'));
    await h.started('a');
    // Two leases to start (the run, then the loop); every further call is a renewal.
    await h.leaseCalled(3);
    h.release('a');
    expect((await ran(d)).status).toBe('done');
    expect(await h.store.lease(`run:${r.id}`, 'replica-2', 60_000)).toBe(true);
  });

  it('Resume while another replica holds the run lease leaves the plan to that replica', async () => {
    const h = bench();
    h.hold('a');
    const r = await created(h, change('a'));
    const first = await h.service.approve(r.id, slack('UAPP1'));
    await h.started('a');
    await h.service.stop(r.id, slack('UREQ'));
    h.release('a');
    expect((await ran(first)).status).toBe('paused');
    expect(await h.store.lease(`run:${r.id}`, 'replica-2', 60_000)).toBe(true);
    const resumed = await h.service.resume(r.id, slack('UAPP2'));
    expect((await ran(resumed)).status).toBe('running');
  });

  it('a Stop that lands while the step runs stays, even when the run then errors', async () => {
    const h = bench();
    const r = await created(h, change('a', 'b'));
    h.onGrant = async () => {
      await h.service.stop(r.id, slack('UREQ'));
      throw new Error('registry exploded');
    };
    const end = await ran(await h.service.approve(r.id, slack('UAPP1')));
    expect(end).toMatchObject({
      status: 'paused',
      outcome: 'stopped by UREQ; not run: step 2 (change_thing b)',
    });
    expect(h.runs).toEqual([]);
  });

  it('a step error is stored cut to 500 characters', async () => {
    const h = bench();
    h.runErrors.set('a', 'e'.repeat(600));
    const r = await created(h);
    const end = await ran(await h.service.approve(r.id, slack('UAPP1')));
    expect(end.steps[0]?.result).toBe('e'.repeat(500));
  });

  it('a step whose outcome became unknown ends the plan failed, never done, and the rest does not run', async () => {
    const h = bench();
    h.hold('a');
    const r = await created(h, change('a', 'b'));
    const d = await h.service.approve(r.id, slack('UAPP1'));
    await h.started('a');
    await h.tamper(r.id, (v) => {
      v.steps[1]!.status = 'unknown';
    });
    h.release('a');
    const end = await ran(d);
    expect(end.status).toBe('failed');
    expect(end.outcome).toBe('step 2 outcome unknown; nothing left to run');
    expect(h.runs).toEqual(['a']);
  });

  it('a plan another replica holds the run lease of is not touched; after a run the lease is free again', async () => {
    const h = bench();
    const r = await created(h);
    expect(await h.store.lease(`run:${r.id}`, 'replica-2', 60_000)).toBe(true);
    const d = await h.service.approve(r.id, slack('UAPP1'));
    expect((await ran(d)).status).toBe('approved');
    expect(h.runs).toEqual([]);
    await h.store.releaseLease(`run:${r.id}`, 'replica-2');
    const other = await created(h, change('b'));
    await ran(await h.service.approve(other.id, slack('UAPP1')));
    expect(await h.store.lease(`run:${other.id}`, 'replica-2', 60_000)).toBe(true);
  });

  it('an error inside the executor stops the plan and says so; it is never left running', async () => {
    const h = bench();
    h.onGrant = () => {
      throw new Error('registry exploded');
    };
    const r = await created(h, change('a', 'b'));
    const end = await ran(await h.service.approve(r.id, slack('UAPP1')));
    expect(end).toMatchObject({ status: 'failed' });
    expect(end.outcome).toBe('stopped: registry exploded; not run: step 2 (change_thing b)');
    expect(h.runs).toEqual([]);
  });

  it('a plan edited in the store while it runs stops before the next step', async () => {
    const h = bench();
    h.hold('a');
    const r = await created(h, change('a', 'b'));
    const d = await h.service.approve(r.id, slack('UAPP1'));
    await h.started('a');
    await h.tamper(r.id, (v) => {
      v.steps[1]!.input = { label: 'evil' };
      v.inputHash = requestInputHash(v);
    });
    h.release('a');
    const end = await ran(d);
    expect(end.status).toBe('failed');
    expect(end.outcome).toMatch(/^refused before running: the plan changed after it was approved; /);
    expect(h.runs).toEqual(['a']);
  });

  it('a forged "approved" status without the recorded quorum never runs', async () => {
    const h = bench();
    h.hold('a');
    const r = await created(h, change('a', 'b'));
    const d = await h.service.approve(r.id, slack('UAPP1'));
    await h.started('a');
    await h.tamper(r.id, (v) => {
      v.approvals = [];
    });
    h.release('a');
    const end = await ran(d);
    expect(end).toMatchObject({ status: 'failed' });
    expect(end.outcome).toMatch(/^refused before running: 0 of 1 required approvals recorded; /);
    expect(h.runs).toEqual(['a']);
  });
});
