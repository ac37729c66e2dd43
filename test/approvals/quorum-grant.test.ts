/**
 * The two last locks before a mutating tool runs: the recorded quorum (checked before every batch and on
 * resume) and the one-step execution grant (checked by the registry). One row per record a store could hold.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { claimGrantMinter, ExecutionGrant } from '../../src/approvals/grant.ts';
import type { ApprovalPolicy } from '../../src/approvals/policy.ts';
import { quorumProblem } from '../../src/approvals/quorum.ts';
import type { ApprovalRequest } from '../../src/approvals/types.ts';
import { BENCH_POLICY, type Bench, openBench, slack } from '../helpers/approvals-bench.ts';

const at = '2026-11-29T10:00:00.000Z';
const record = (p: Partial<ApprovalRequest> & { users: string[] }): ApprovalRequest =>
  ({
    risk: 'mutate',
    required: 1,
    requester: slack('UREQ'),
    ...p,
    approvals: p.users.map((user) => ({ user, at })),
  }) as ApprovalRequest;

describe('the recorded quorum', () => {
  const noFourEyes: ApprovalPolicy = { ...BENCH_POLICY, fourEyes: false };
  it.each([
    ['one approver on a mutate request', record({ users: ['UAPP1'] }), BENCH_POLICY, undefined],
    ['nobody yet', record({ users: [] }), BENCH_POLICY, '0 of 1 required approvals recorded'],
    [
      'the same person twice',
      record({ users: ['UAPP1', 'UAPP1'] }),
      BENCH_POLICY,
      'the same person is recorded twice as an approver',
    ],
    ['the bot', record({ users: ['bot'] }), BENCH_POLICY, 'the bot is recorded as an approver'],
    [
      'the requester under four-eyes',
      record({ users: ['UREQ'] }),
      BENCH_POLICY,
      'the requester is recorded as an approver',
    ],
    ['the requester without four-eyes', record({ users: ['UREQ'] }), noFourEyes, undefined],
    [
      'two approvers on a destructive request',
      record({ risk: 'destructive', required: 2, users: ['UAPP1', 'UAPP2'] }),
      BENCH_POLICY,
      undefined,
    ],
    [
      'one approver on a destructive request',
      record({ risk: 'destructive', required: 2, users: ['UAPP1'] }),
      BENCH_POLICY,
      '1 of 2 required approvals recorded',
    ],
    // A record that says "1 required" on a destructive request was lowered in the store: the class decides.
    [
      'a destructive request whose stored quorum was lowered',
      record({ risk: 'destructive', required: 1, users: ['UAPP1'] }),
      BENCH_POLICY,
      '1 of 2 required approvals recorded',
    ],
    [
      'a mutate request whose quorum was raised (risk raised by policy)',
      record({ required: 2, users: ['UAPP1'] }),
      BENCH_POLICY,
      '1 of 2 required approvals recorded',
    ],
    [
      'an environment with no policy',
      record({ users: ['UAPP1'] }),
      undefined,
      'no approval policy is configured for this environment',
    ],
  ] as [string, ApprovalRequest, ApprovalPolicy | undefined, string | undefined][])(
    '%s',
    (_, r, policy, problem) => {
      expect(quorumProblem(r, policy)).toBe(problem);
    },
  );
});

describe('execution grants', () => {
  let b: Bench | undefined;
  afterEach(async () => {
    await b?.close();
    b = undefined;
  });

  it('only the executor mints grants: a second claim and a hand-made grant both throw', () => {
    expect(() => claimGrantMinter()).toThrow(/already claimed/);
    expect(() => new ExecutionGrant(Symbol('grant'), 'req-1', 'change_thing', 'h')).toThrow(/only minted/);
  });

  it('nothing that merely looks like a grant runs a mutating tool', async () => {
    b = openBench();
    const lookalikes = [
      undefined,
      null,
      'grant',
      {},
      Object.create(ExecutionGrant.prototype),
      { requestId: 'req-1', tool: 'change_thing', inputHash: 'x' },
    ];
    for (const g of lookalikes) {
      const env = await b.registry.execute('change_thing', { label: 'a' }, { logger: undefined } as never, g);
      expect(env.error?.code).toBe('not_allowed');
    }
    expect(b.runs).toEqual([]);
  });

  it("a real grant is bound to its step's tool and input, and is spent on first use", async () => {
    const h = openBench();
    b = h;
    const probes: [string, boolean][] = [];
    h.onGrant = (g, tool, input) => {
      // Before the registry redeems it: any other tool or input is refused and does not spend it.
      probes.push(['other tool', ExecutionGrant.redeem(g, 'wipe_thing', input)]);
      probes.push(['other input', ExecutionGrant.redeem(g, tool, { label: 'z' })]);
    };
    const created = await h.service.create({
      env: 'lab',
      steps: [{ tool: 'change_thing', input: { label: 'a' } }],
      requester: slack('UREQ'),
      origin: { env: 'lab' },
    });
    if (!created.ok) throw new Error(created.message);
    const d = await h.service.approve(created.request.id, slack('UAPP1'));
    expect(d.ok && (await d.execution)?.status).toBe('done');
    expect(probes).toEqual([
      ['other tool', false],
      ['other input', false],
    ]);
    expect(h.runs).toEqual(['a']);
    const [{ grant, tool, input }] = h.grants as [{ grant: unknown; tool: string; input: unknown }];
    expect(grant).toBeInstanceOf(ExecutionGrant);
    expect(grant).toMatchObject({ requestId: created.request.id, tool: 'change_thing' });
    // Spent: replaying it runs nothing.
    expect(ExecutionGrant.redeem(grant, tool, input)).toBe(false);
    const replay = await h.registry.execute(tool, input, { logger: undefined } as never, grant);
    expect(replay.error?.code).toBe('not_allowed');
    expect(h.runs).toEqual(['a']);
  });
});
