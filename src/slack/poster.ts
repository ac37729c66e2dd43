/**
 * Every write to Slack goes through here: one queue per channel (~1 message/s, Slack's chat.postMessage
 * limit), and a 429 answer is retried after the Retry-After Slack sent, without blocking other channels.
 */
import type { webApi } from '@slack/bolt';
import Bottleneck from 'bottleneck';
import type { Logger } from 'pino';
import type { Block, SlackFile, SlackMessage } from './blocks/message.ts';

type WebClient = webApi.WebClient;

export interface PosterOptions {
  /** Minimum gap between two new messages in one channel (chat.postMessage's ~1/s per channel). */
  minTimeMs?: number;
  /** Minimum gap between two edits in one channel (chat.update is Tier 3, ~50/min per workspace). */
  editMinTimeMs?: number;
  maxRetries?: number;
  /** Upper bound on one Retry-After wait, so a bogus header cannot park a channel for an hour. */
  maxRetryAfterMs?: number;
  logger?: Logger;
}

/** WebClient built with rejectRateLimitedCalls throws this shape on HTTP 429. */
const retryAfterMs = (err: unknown): number | undefined => {
  const e = err as { code?: string; retryAfter?: number } | null;
  return e?.code === 'slack_webapi_rate_limited_error' && typeof e.retryAfter === 'number'
    ? e.retryAfter * 1000
    : undefined;
};

export class SlackPoster {
  private readonly posts: Bottleneck.Group;
  private readonly edits: Bottleneck.Group;

  constructor(opts: PosterOptions = {}) {
    const maxRetries = opts.maxRetries ?? 3;
    const cap = opts.maxRetryAfterMs ?? 60_000;
    const retryOn429 = (limiter: Bottleneck, key: string) =>
      limiter.on('failed', (err: unknown, info: Bottleneck.EventInfoRetryable) => {
        const wait = retryAfterMs(err);
        if (wait === undefined || info.retryCount >= maxRetries) return undefined;
        opts.logger?.info(
          { channel: key, retryInMs: wait },
          'slack rate limited; retrying after Retry-After',
        );
        return Math.min(wait, cap);
      });
    this.posts = new Bottleneck.Group({ maxConcurrent: 1, minTime: opts.minTimeMs ?? 1000 });
    this.edits = new Bottleneck.Group({
      maxConcurrent: 1,
      minTime: opts.editMinTimeMs ?? Math.min(opts.minTimeMs ?? 1000, 300),
    });
    this.posts.on('created', retryOn429);
    this.edits.on('created', retryOn429);
  }

  /** Queues a new-message write for `channel`. */
  schedule<T>(channel: string, fn: () => Promise<T>): Promise<T> {
    return this.posts.key(channel).schedule(fn);
  }

  async post(client: WebClient, channel: string, msg: SlackMessage, threadTs?: string): Promise<string> {
    const res = await this.schedule(channel, () =>
      client.chat.postMessage({
        channel,
        text: msg.text,
        blocks: msg.blocks,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      }),
    );
    return res.ts ?? '';
  }

  async update(
    client: WebClient,
    channel: string,
    ts: string,
    msg: { text: string; blocks: Block[] },
  ): Promise<void> {
    await this.edits
      .key(channel)
      .schedule(() => client.chat.update({ channel, ts, text: msg.text, blocks: msg.blocks }));
  }

  async ephemeral(
    client: WebClient,
    channel: string,
    user: string,
    msg: SlackMessage,
    threadTs?: string,
  ): Promise<void> {
    await this.schedule(channel, () =>
      client.chat.postEphemeral({
        channel,
        user,
        text: msg.text,
        blocks: msg.blocks,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      }),
    );
  }

  /** Long output as a snippet in the thread (files.getUploadURLExternal → upload → completeUploadExternal). */
  async upload(client: WebClient, channel: string, file: SlackFile, threadTs?: string): Promise<void> {
    await this.schedule(channel, () =>
      client.filesUploadV2({
        channel_id: channel,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        file: Buffer.from(file.content, 'utf8'),
        filename: file.filename,
        title: file.title,
        snippet_type: 'text',
      } as Parameters<WebClient['filesUploadV2']>[0]),
    );
  }

  /** Shutdown: accepts no new writes, lets the queued ones (final results) go out. */
  async stop(): Promise<void> {
    const all = [...this.posts.limiters(), ...this.edits.limiters()];
    await Promise.all(
      all.map(({ limiter }) => limiter.stop({ dropWaitingJobs: false }).catch(() => undefined)),
    );
  }
}
