/**
 * Stop on a running plan: signed Slack requests into Bolt's HTTPReceiver, the real ApprovalService over
 * SQLite, the real tools against the lab's CloudStack API. The plan really changes the lab (it restarts VMs
 * with a new cap), so each test has its own world (test/helpers/slack-approvals.ts). Every test asserts on
 * the lab API's own record of mutating calls (lab.mutations()), not on what the bot says about itself.
 */
import { describe, expect, it } from 'vitest';
import type { ApprovalRequest } from '../../src/approvals/types.ts';
import {
  APPROVE_ACTION,
  RESUME_ACTION,
  RUN_PLAN_ACTION,
  STOP_ACTION,
} from '../../src/slack/blocks/approval-card.ts';
import { blocks, type SlackApprovalsWorld, slackApprovalsWorld } from '../helpers/slack-approvals.ts';

/** Diagnosis → "Run this plan" → two approvals → Stop after the first step finished: a paused plan. */
async function pausedPlan(w: SlackApprovalsWorld, thread: string, eventId: string): Promise<ApprovalRequest> {
  const offer = await w.diagnosisOffer(thread, eventId);
  await w.click(RUN_PLAN_ACTION, offer, 'U0ALICE', { threadTs: thread });
  const pending = await w.waitCreated((r) => r.origin.threadTs === thread);
  // Stop is clicked when the first step has finished: event-driven, no clock.
  let stopped: Promise<unknown> | undefined;
  const off = w.service.approvals.subscribe((r, e) => {
    if (r.id === pending.id && e === 'step_finished' && !stopped)
      stopped = w.click(STOP_ACTION, r.id, 'U0BOB');
  });
  await w.click(APPROVE_ACTION, pending.id, 'U0BOB');
  await w.click(APPROVE_ACTION, pending.id, 'U0CAROL');
  const paused = await w.waitStatus(pending.id, ['paused', 'done', 'failed']);
  off();
  await stopped;
  return paused;
}

describe('stopping a running plan from Slack', () => {
  it('Stop halts a running plan before its next step; the card then offers Resume', {
    timeout: 90_000,
  }, async () => {
    const w = await slackApprovalsWorld();
    const paused = await pausedPlan(w, '1700000600.000100', 'EvStop1');
    expect(paused.status).toBe('paused');
    const ran = paused.steps.filter((st) => st.status !== 'pending').length;
    expect(ran).toBeGreaterThanOrEqual(1);
    expect(paused.steps.filter((st) => st.status === 'pending').length).toBeGreaterThan(0);
    expect(w.changes().length).toBeLessThan(paused.steps.length);
    const card = await w.fake.waitFor(() =>
      w.fake
        .callsTo('chat.update')
        .find((c) => c.body.ts === paused.card?.ts && blocks(c).includes(RESUME_ACTION)),
    );
    expect(blocks(card)).toContain('Paused');
  });

  it('Resume is acked; the requester is refused (four-eyes), two approvers run the rest (destructive)', {
    timeout: 120_000,
  }, async () => {
    const w = await slackApprovalsWorld();
    const paused = await pausedPlan(w, '1700000700.000100', 'EvResume1');
    expect(paused.status).toBe('paused');
    const atPause = w.changes().length;
    const own = await w.click(RESUME_ACTION, paused.id, 'U0ALICE');
    expect(own.status).toBe(200);
    const told = await w.refusalFor(own.tag);
    expect(JSON.stringify(told.body)).toContain('someone else must approve');
    expect((await w.service.approvals.get(paused.id))?.status).toBe('paused');
    expect(w.changes().length).toBe(atPause);
    // The plan is destructive (update_setting raised): one Resume is a vote, the second one runs it.
    const bob = await w.click(RESUME_ACTION, paused.id, 'U0BOB');
    expect(JSON.stringify((await w.refusalFor(bob.tag)).body)).toContain('another approver must also resume');
    expect((await w.service.approvals.get(paused.id))?.status).toBe('paused');
    expect(w.changes().length).toBe(atPause);
    const ok = await w.click(RESUME_ACTION, paused.id, 'U0CAROL');
    expect(ok.status).toBe(200);
    // The rest of the plan (stop and start of each VM) runs here; the helper's deadline only names a hang.
    const done = await w.waitStatus(paused.id, ['done', 'failed']);
    expect(done.status, done.outcome).toBe('done');
    expect(done.decision?.by).toBe('U0CAROL');
    expect(w.changes().length).toBeGreaterThan(atPause);
  });
});
