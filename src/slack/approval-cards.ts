/** Keeps every posted approval card current: re-renders it after each stored transition (incl. expiry). */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { ApprovalService } from '../approvals/types.ts';
import { describeError } from '../core/errors.ts';
import type { Lang } from '../tools/types.ts';
import { approvalCard } from './blocks/approval-card.ts';
import { isInvalidBlocks, withoutPlanBlocks } from './blocks/approval-plan.ts';
import type { SlackPoster } from './poster.ts';

export function followApprovalCards(o: {
  approvals: ApprovalService;
  client: webApi.WebClient;
  poster: SlackPoster;
  logger: Logger;
  lang: Lang;
}): () => void {
  return o.approvals.subscribe((r) => {
    if (!r.card) return;
    const { channel, ts } = r.card;
    const card = approvalCard(r, o.lang);
    o.poster
      .update(o.client, channel, ts, card)
      .catch((err: unknown) => {
        if (!isInvalidBlocks(err)) throw err;
        return o.poster.update(o.client, channel, ts, withoutPlanBlocks(card));
      })
      .catch((err: unknown) =>
        o.logger.warn({ err: describeError(err), id: r.id }, 'approval card update failed'),
      );
  });
}
