/** Builds Slack-signed HTTP requests (v0 HMAC-SHA256 over `v0:ts:body`) and Slack payloads for tests. */
import { createHmac } from 'node:crypto';

export const sign = (secret: string, ts: number, body: string): string =>
  `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;

export interface SignedPost {
  status: number;
  text: string;
  ms: number;
}

/** POSTs `body` to Bolt's /slack/events with a signature (or a forged one). */
export async function postSigned(
  url: string,
  secret: string,
  body: string,
  opts: { contentType?: string; ts?: number; forge?: boolean; headers?: Record<string, string> } = {},
): Promise<SignedPost> {
  const ts = opts.ts ?? Math.floor(Date.now() / 1000);
  const signature = opts.forge ? sign('not-the-secret', ts, body) : sign(secret, ts, body);
  const t0 = Date.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': opts.contentType ?? 'application/x-www-form-urlencoded',
      'x-slack-signature': signature,
      'x-slack-request-timestamp': String(ts),
      ...opts.headers,
    },
    body,
  });
  return { status: res.status, text: await res.text(), ms: Date.now() - t0 };
}

export function slashBody(text: string, o: { user?: string; channel?: string; responseUrl: string }): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: 'T0TEST',
    team_domain: 'lab',
    channel_id: o.channel ?? 'C0OPS',
    channel_name: 'ops',
    user_id: o.user ?? 'U0ALICE',
    user_name: 'alice',
    command: '/cloudops',
    text,
    api_app_id: 'A0TEST',
    response_url: o.responseUrl,
    trigger_id: '1.2.3',
  }).toString();
}

export function slashPayload(
  text: string,
  o: { user?: string; channel?: string; responseUrl: string },
): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(slashBody(text, o)));
}

export function mentionEvent(
  text: string,
  o: { user?: string; channel?: string; ts?: string; eventId?: string; type?: string } = {},
) {
  const ts = o.ts ?? '1700000100.000100';
  const channel = o.channel ?? 'C0OPS';
  const event =
    o.type === 'message'
      ? { type: 'message', channel_type: 'im', user: o.user ?? 'U0ALICE', text, ts, channel, event_ts: ts }
      : { type: 'app_mention', user: o.user ?? 'U0ALICE', text, ts, channel, event_ts: ts };
  return {
    token: 'legacy-verification-token',
    team_id: 'T0TEST',
    api_app_id: 'A0TEST',
    event,
    type: 'event_callback',
    event_id: o.eventId ?? 'Ev0001',
    event_time: 1700000100,
    authorizations: [{ team_id: 'T0TEST', user_id: 'UBOT', is_bot: true }],
  };
}

/** A block_actions click on a button, form-encoded as Slack sends it (`payload=<json>`). */
export function buttonClickBody(
  actionId: string,
  value: string,
  o: { user?: string; channel?: string; messageTs?: string; threadTs?: string; responseUrl: string },
): string {
  const payload = {
    type: 'block_actions',
    team: { id: 'T0TEST', domain: 'lab' },
    user: { id: o.user ?? 'U0BOB', username: 'bob', team_id: 'T0TEST' },
    api_app_id: 'A0TEST',
    token: 'legacy-verification-token',
    container: {
      type: 'message',
      message_ts: o.messageTs ?? '1700000000.001000',
      channel_id: o.channel ?? 'C0OPS',
    },
    trigger_id: '2.3.4',
    channel: { id: o.channel ?? 'C0OPS', name: 'ops' },
    message: {
      type: 'message',
      ts: o.messageTs ?? '1700000000.001000',
      text: 'card',
      ...(o.threadTs ? { thread_ts: o.threadTs } : {}),
    },
    response_url: o.responseUrl,
    actions: [
      {
        type: 'button',
        block_id: 'approval',
        action_id: actionId,
        value,
        text: { type: 'plain_text', text: 'x' },
        action_ts: '1700000001.000000',
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A modal submission (view_submission) with one plain-text input value. */
export function viewSubmissionBody(
  callbackId: string,
  privateMetadata: string,
  values: Record<string, Record<string, { type: string; value: string | null }>>,
  o: { user?: string } = {},
): string {
  const payload = {
    type: 'view_submission',
    team: { id: 'T0TEST', domain: 'lab' },
    user: { id: o.user ?? 'U0BOB', username: 'bob', team_id: 'T0TEST' },
    api_app_id: 'A0TEST',
    token: 'legacy-verification-token',
    trigger_id: '3.4.5',
    view: {
      id: 'V0TEST',
      type: 'modal',
      callback_id: callbackId,
      private_metadata: privateMetadata,
      state: { values },
      hash: 'h',
      blocks: [],
    },
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
