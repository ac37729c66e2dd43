/**
 * Posts the approval card for an MCP request to the configured Slack channel, with the same builder the Slack
 * surface uses, records where it is (`approvals.setCard`, so the bot keeps it current after each decision), and
 * returns a link to it. Decisions happen only there: clicks reach the Slack bot, never this process.
 */
import { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { ApprovalRequest, ApprovalService } from '../approvals/types.ts';
import { describeError } from '../core/errors.ts';
import { approvalCard } from '../slack/blocks/approval-card.ts';
import type { Lang } from '../tools/types.ts';

export interface CardPoster {
  /** Where cards go: recorded as the request's origin channel. */
  channel: string;
  /** Posts the card; `link` is the message permalink, or undefined when Slack did not give one. */
  post(request: ApprovalRequest): Promise<{ ok: true; link?: string } | { ok: false; error: string }>;
}

/** The bot's Web API client (SLACK_API_URL respected, so tests can point it at a fake Slack). */
export function slackClient(token: string, slackApiUrl?: string): webApi.WebClient {
  return new webApi.WebClient(token, {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 5000 },
  });
}

export function createCardPoster(o: {
  client: webApi.WebClient;
  channel: string;
  approvals: ApprovalService;
  lang: Lang;
  logger: Logger;
}): CardPoster {
  const { client } = o;
  return {
    channel: o.channel,
    async post(request) {
      try {
        const card = approvalCard(request, o.lang);
        const posted = await client.chat.postMessage({
          channel: o.channel,
          text: card.text,
          blocks: card.blocks,
        });
        const ts = posted.ts;
        if (!ts) return { ok: false, error: 'Slack returned no message timestamp' };
        await o.approvals.setCard(request.id, { channel: o.channel, ts });
        const link = await client.chat
          .getPermalink({ channel: o.channel, message_ts: ts })
          .then((r) => r.permalink)
          .catch((e: unknown) => {
            o.logger.warn({ err: describeError(e), id: request.id }, 'no permalink for the approval card');
            return undefined;
          });
        return { ok: true, ...(link ? { link } : {}) };
      } catch (e) {
        o.logger.error({ err: describeError(e), id: request.id }, 'could not post the approval card');
        return { ok: false, error: describeError(e) };
      }
    },
  };
}
