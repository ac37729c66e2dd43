/** The approval policy as a table: who may request, who may approve which class, and how many are needed. */
import { describe, expect, it } from 'vitest';
import {
  type ApprovalPolicy,
  approvalPolicy,
  effectiveRisk,
  type IsMember,
  requestPolicy,
} from '../../src/approvals/policy.ts';
import type { Actor, RiskClass } from '../../src/approvals/types.ts';

const policy: ApprovalPolicy = {
  requesters: ['UREQ', 'SOPS'],
  approvers: { mutate: ['UAPP1', 'UAPP2', 'UREQ', 'SLEADS'], destructive: ['UAPP1', 'UAPP2', 'UREQ'] },
  fourEyes: true,
  expiryMinutes: 15,
  raise: { reboot_vm: 'destructive' },
};
const groups = new Map([
  ['SOPS', new Set(['UOPS'])],
  ['SLEADS', new Set(['ULEAD'])],
]);
const isMember: IsMember = async (u, g) => groups.get(g)?.has(u) ?? false;
const slack = (user: string): Actor => ({ user, via: 'slack' });

describe('requestPolicy', () => {
  it.each<[string, RiskClass, Actor, string]>([
    ['mutate by a listed requester', 'mutate', slack('UREQ'), 'needs 1'],
    ['mutate by a member of a requester group', 'mutate', slack('UOPS'), 'needs 1'],
    ['destructive needs two', 'destructive', slack('UREQ'), 'needs 2'],
    ['read still needs an approver, never runs now', 'read', slack('UREQ'), 'needs 1'],
    ['an unlisted user', 'mutate', slack('UOTHER'), 'deny'],
    ['the bot, not listed', 'mutate', { user: 'bot', via: 'watch' }, 'deny'],
  ])('%s', async (_n, risk, actor, want) => {
    const d = await requestPolicy(risk, actor, policy, isMember);
    expect(d.kind === 'deny' ? 'deny' : `needs ${d.n}`).toBe(want);
  });

  it('denies when no policy or no approver pool is configured', async () => {
    expect((await requestPolicy('mutate', slack('UREQ'), undefined, isMember)).kind).toBe('deny');
    const empty = { ...policy, approvers: { mutate: [], destructive: [] } };
    expect(await requestPolicy('mutate', slack('UREQ'), empty, isMember)).toMatchObject({
      kind: 'deny',
      reason: /nobody/,
    });
  });

  it('raises a tool to destructive by config and never lowers a declared class', () => {
    expect(effectiveRisk([{ tool: 'reboot_vm', risk: 'mutate' }], policy)).toBe('destructive');
    const lower = { ...policy, raise: { drbd_discard: 'mutate' as const } };
    expect(effectiveRisk([{ tool: 'drbd_discard', risk: 'destructive' }], lower)).toBe('destructive');
    expect(
      effectiveRisk(
        [
          { tool: 'stop_vm', risk: 'mutate' },
          { tool: 'x', risk: 'read' },
        ],
        policy,
      ),
    ).toBe('mutate');
  });
});

describe('approvalPolicy', () => {
  const req = { risk: 'mutate' as RiskClass, requester: slack('UREQ'), approvals: [] as { user: string }[] };
  it.each<[string, Partial<typeof req>, Actor, string]>([
    ['a listed approver', {}, slack('UAPP1'), 'ok 1'],
    ['a member of an approver group', {}, slack('ULEAD'), 'ok 1'],
    ['the requester under four-eyes', {}, slack('UREQ'), 'self_approval'],
    [
      'someone who already approved',
      { approvals: [{ user: 'UAPP1' }] },
      slack('UAPP1'),
      'already_approved_by_you',
    ],
    ['an unlisted user', {}, slack('UOTHER'), 'not_allowed'],
    ['a group member outside the destructive pool', { risk: 'destructive' }, slack('ULEAD'), 'not_allowed'],
    ['destructive by a listed approver needs 2', { risk: 'destructive' }, slack('UAPP2'), 'ok 2'],
    ['the bot', {}, { user: 'bot', via: 'slack' }, 'not_allowed'],
    ['a watch', {}, { user: 'UAPP1', via: 'watch' }, 'not_allowed'],
    ['the CLI (--as is not an identity)', {}, { user: 'UAPP1', via: 'cli' }, 'not_allowed'],
    ['the assistant', {}, { user: 'UAPP1', via: 'assistant' }, 'not_allowed'],
    ['MCP', {}, { user: 'UAPP1', via: 'mcp' }, 'not_allowed'],
  ])('%s', async (_n, over, actor, want) => {
    const v = await approvalPolicy({ ...req, ...over }, actor, policy, isMember);
    expect(v.ok ? `ok ${v.required}` : v.code).toBe(want);
  });

  it('lets the requester approve only when four-eyes is off', async () => {
    const v = await approvalPolicy(req, slack('UREQ'), { ...policy, fourEyes: false }, isMember);
    expect(v.ok).toBe(true);
  });

  it('fails closed when group membership cannot be checked', async () => {
    const broken: IsMember = async () => {
      throw new Error('slack down');
    };
    await expect(approvalPolicy(req, slack('ULEAD'), policy, broken)).rejects.toThrow('slack down');
  });
});

describe('policy details the tables above cannot see', () => {
  const req = { risk: 'mutate' as RiskClass, requester: slack('UREQ'), approvals: [] as { user: string }[] };

  it('never lets the bot or a watch approve, even when listed as an approver', async () => {
    const listed = { ...policy, approvers: { mutate: ['bot', 'UAPP1'], destructive: ['bot', 'UAPP1'] } };
    for (const actor of [
      { user: 'bot', via: 'slack' as const },
      { user: 'UAPP1', via: 'watch' as const },
    ])
      expect(await approvalPolicy(req, actor, listed, isMember)).toEqual({
        ok: false,
        code: 'not_allowed',
        reason: 'the bot and watches never approve',
      });
  });

  it('refuses with a reason when no policy is configured, and names the person and class otherwise', async () => {
    expect(await approvalPolicy(req, slack('UAPP1'), undefined, isMember)).toEqual({
      ok: false,
      code: 'not_allowed',
      reason: 'no approval policy is configured for this environment',
    });
    expect(await approvalPolicy(req, { user: 'UAPP1', via: 'cli' }, policy, isMember)).toMatchObject({
      reason: 'approvals are given in Slack, not via cli',
    });
    expect(await approvalPolicy(req, slack('UREQ'), policy, isMember)).toMatchObject({
      reason: 'four-eyes: the requester cannot approve their own request',
    });
    expect(
      await approvalPolicy({ ...req, approvals: [{ user: 'UAPP1' }] }, slack('UAPP1'), policy, isMember),
    ).toMatchObject({ reason: 'you already approved this request' });
    expect(
      await approvalPolicy({ ...req, risk: 'destructive' }, slack('ULEAD'), policy, isMember),
    ).toMatchObject({ reason: 'ULEAD may not approve destructive actions' });
  });

  it("another person's earlier approval does not stop a second approver", async () => {
    const v = await approvalPolicy(
      { ...req, risk: 'destructive', approvals: [{ user: 'UAPP1' }] },
      slack('UAPP2'),
      policy,
      isMember,
    );
    expect(v).toEqual({ ok: true, required: 2 });
  });

  it('asks Slack about user groups (S…) only, never about a user id in the pool', async () => {
    const asked: string[] = [];
    const recording: IsMember = async (u, g) => {
      asked.push(g);
      return isMember(u, g);
    };
    expect((await approvalPolicy(req, slack('UOTHER'), policy, recording)).ok).toBe(false);
    expect(asked).toEqual(['SLEADS']);
    asked.length = 0;
    // A user id may end in "S" too: only the leading S marks a group.
    const boss = { ...policy, approvers: { mutate: ['UBOSS', 'SLEADS'], destructive: ['UBOSS'] } };
    expect((await approvalPolicy(req, slack('UOTHER'), boss, recording)).ok).toBe(false);
    expect(asked).toEqual(['SLEADS']);
  });

  it('names the pool, class and count of a request; denials say why', async () => {
    expect(await requestPolicy('mutate', slack('UREQ'), policy, isMember)).toEqual({
      kind: 'needs',
      n: 1,
      pool: ['UAPP1', 'UAPP2', 'UREQ', 'SLEADS'],
      risk: 'mutate',
    });
    expect(await requestPolicy('mutate', slack('UREQ'), undefined, isMember)).toEqual({
      kind: 'deny',
      reason: 'no approval policy is configured for this environment',
    });
    const empty = { ...policy, approvers: { mutate: [], destructive: [] } };
    expect(await requestPolicy('destructive', slack('UREQ'), empty, isMember)).toEqual({
      kind: 'deny',
      reason: 'nobody is configured to approve destructive actions',
    });
    expect(await requestPolicy('mutate', slack('UOTHER'), policy, isMember)).toEqual({
      kind: 'deny',
      reason: 'UOTHER may not request changes',
    });
  });

  it('the risk of no steps is read', () => {
    expect(effectiveRisk([], policy)).toBe('read');
  });
});
