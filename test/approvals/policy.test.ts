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
