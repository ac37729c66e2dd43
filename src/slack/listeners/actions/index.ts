/** Block Kit button listeners on approval cards. */
import type { App, BlockButtonAction } from '@slack/bolt';
import {
  APPROVE_ACTION,
  REJECT_ACTION,
  RESUME_ACTION,
  RUN_PLAN_ACTION,
  STOP_ACTION,
} from '../../blocks/approval-card.ts';
import type { BotContext } from '../../dispatch.ts';
import { decisionAction } from './decision.ts';
import { rejectAction } from './reject.ts';
import { runPlanAction } from './run-plan.ts';
import { registerWatchActions, SILENCE_ACTIONS } from './watch-silence.ts';

/** Every action id this module answers (the unhandled-interaction listener skips them). */
export const ACTION_IDS: readonly string[] = [
  APPROVE_ACTION,
  STOP_ACTION,
  RESUME_ACTION,
  REJECT_ACTION,
  RUN_PLAN_ACTION,
  ...SILENCE_ACTIONS,
];

export function register(app: App, ctx: BotContext): void {
  app.action<BlockButtonAction>(
    APPROVE_ACTION,
    decisionAction(ctx, (s) => s.approve.bind(s)),
  );
  app.action<BlockButtonAction>(
    STOP_ACTION,
    decisionAction(ctx, (s) => s.stop.bind(s)),
  );
  // Resume re-checks the clicker like an approval (pool, four-eyes) and verifies unknown steps first.
  app.action<BlockButtonAction>(
    RESUME_ACTION,
    decisionAction(ctx, (s) => s.resume.bind(s)),
  );
  app.action<BlockButtonAction>(REJECT_ACTION, rejectAction(ctx));
  registerWatchActions(app, ctx);
  app.action<BlockButtonAction>(RUN_PLAN_ACTION, runPlanAction(ctx));
}
