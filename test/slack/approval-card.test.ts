/** The approval card builder: saved JSON snapshots in English and Japanese, and the rules every state keeps. */
import { describe, expect, it } from 'vitest';
import type { ApprovalRequest } from '../../src/approvals/types.ts';
import {
  APPROVE_ACTION,
  approvalCard,
  REJECT_ACTION,
  RESUME_ACTION,
  STOP_ACTION,
} from '../../src/slack/blocks/approval-card.ts';

const base = (over: Partial<ApprovalRequest> = {}): ApprovalRequest => ({
  id: 'req_k3J9xQ2mP0aB',
  schemaVersion: 1,
  revision: 3,
  env: 'prod',
  title: 'Lift the memory cap on cluster C1',
  steps: [
    {
      tool: 'update_setting',
      input: { name: 'mem.overprovisioning.factor', value: '1', scope: 'cluster', scopeName: 'C1' },
      label: 'config set mem.overprovisioning.factor=1 (cluster C1)',
      status: 'pending',
    },
    { tool: 'stop_vm', input: { vm: 'web01' }, label: 'web01: stop', status: 'pending' },
    { tool: 'start_vm', input: { vm: 'web01' }, label: 'web01: start, then verify', status: 'pending' },
  ],
  concurrency: 1,
  inputHash: 'ab'.repeat(32),
  risk: 'destructive',
  requester: { user: 'U0ALICE', via: 'slack' },
  origin: { env: 'prod', channel: 'C0OPS', threadTs: '1700000000.000100' },
  required: 2,
  approverPool: ['U0BOB', 'S0OPS'],
  approvals: [],
  prechecks: [
    { step: 0, ok: true, text: 'mem.overprovisioning.factor is 2 on cluster C1 (as the plan assumed)' },
    { step: 1, ok: true, text: 'web01 Running on kvm01, offering 6144 MiB' },
  ],
  status: 'pending',
  createdAt: '2026-11-24T03:00:00.000Z',
  expiresAt: '2026-11-24T03:15:00.000Z',
  ...over,
});

type Elem = { action_id?: string; value?: string; confirm?: unknown };
const elements = (m: { blocks: unknown[] }): Elem[] =>
  (m.blocks as { type: string; elements?: Elem[] }[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? []);

describe('approvalCard', () => {
  it.each(['en', 'ja'] as const)(
    'pending (%s): what, where, risk, evidence, approvers, expiry; Approve asks to confirm',
    async (lang) => {
      const m = approvalCard(base(), lang);
      const all = JSON.stringify(m.blocks);
      for (const s of [
        'update_setting',
        'mem.overprovisioning.factor',
        '"prod"'.slice(1, 5),
        'kvm01',
        '<@U0BOB>',
        '<!subteam^S0OPS>',
        '<@U0ALICE>',
        '<!date^',
      ])
        expect(all).toContain(s);
      expect(all).toContain('"type":"plan"');
      expect(all).toContain('"type":"task_card"');
      const buttons = elements(m);
      expect(buttons.map((b) => b.action_id)).toEqual([APPROVE_ACTION, REJECT_ACTION]);
      expect(buttons.every((b) => b.value === 'req_k3J9xQ2mP0aB')).toBe(true);
      expect(buttons[0]!.confirm).toBeDefined();
      expect(m.blocks.length).toBeLessThanOrEqual(50);
      await expect(JSON.stringify(m, null, 2)).toMatchFileSnapshot(
        `__snapshots__/approval-card-pending.${lang}.json`,
      );
    },
  );

  it('running: step statuses in the plan and the text fallback, and only a Stop button', async () => {
    const r = base({
      status: 'running',
      approvals: [
        { user: 'U0BOB', at: '2026-11-24T03:02:00.000Z' },
        { user: 'U0CAROL', at: '2026-11-24T03:03:00.000Z' },
      ],
    });
    r.steps[0]!.status = 'complete';
    r.steps[0]!.result = 'setting changed at cluster C1 (verified: 1)';
    r.steps[1]!.status = 'in_progress';
    const m = approvalCard(r, 'en');
    const all = JSON.stringify(m.blocks);
    expect(all).toContain('"status":"complete"');
    expect(all).toContain('"status":"in_progress"');
    expect(all).toContain(':white_check_mark: 1. config set');
    expect(all).toContain('Approved by <@U0BOB>, <@U0CAROL>');
    expect(elements(m).map((b) => b.action_id)).toEqual([STOP_ACTION]);
    await expect(JSON.stringify(m, null, 2)).toMatchFileSnapshot(
      '__snapshots__/approval-card-running.en.json',
    );
  });

  it.each([
    [
      'rejected',
      {
        status: 'rejected',
        decision: { by: 'U0CAROL', at: '2026-11-24T03:04:00.000Z', reason: 'not during business hours' },
      },
      'Rejected by <@U0CAROL>',
    ],
    ['expired', { status: 'expired' }, 'Expired at'],
    [
      'done',
      { status: 'done', approvals: [{ user: 'U0BOB', at: '2026-11-24T03:02:00.000Z' }] },
      'Approved by <@U0BOB>',
    ],
  ] as const)('%s: the buttons are replaced by the decision line', (_name, over, line) => {
    const m = approvalCard(base(over as Partial<ApprovalRequest>), 'en');
    expect(elements(m)).toHaveLength(0);
    expect(JSON.stringify(m.blocks)).toContain(line);
  });

  it('paused: Resume (with confirmation) or cancel the rest', () => {
    const m = approvalCard(
      base({ status: 'paused', decision: { by: 'U0BOB', at: '2026-11-24T03:05:00.000Z' } }),
      'en',
    );
    expect(elements(m).map((b) => b.action_id)).toEqual([RESUME_ACTION, REJECT_ACTION]);
    expect(elements(m)[0]!.confirm).toBeDefined();
    expect(JSON.stringify(m.blocks)).toContain('Paused by <@U0BOB>');
  });

  it('step outcome "unknown" after a restart reads as such, never as done', () => {
    const r = base({ status: 'paused' });
    r.steps[1]!.status = 'unknown';
    const all = JSON.stringify(approvalCard(r, 'en').blocks);
    expect(all).toContain('outcome unknown');
    expect(all).toContain('"status":"error"');
  });

  it('escapes names that try to ping everyone', () => {
    const r = base();
    r.steps[1]!.label = 'stop <!channel> web01';
    r.title = 'x <!here>';
    const all = JSON.stringify(approvalCard(r, 'en'));
    expect(all).not.toMatch(/<!channel>|<!here>/);
  });
});
