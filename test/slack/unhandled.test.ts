/**
 * Interactions no listener claims (a button from an older card, a feedback click with no model configured, a
 * shortcut or modal of a misconfigured app) are acked with 200 through Bolt's own HTTPReceiver. Unacked, Bolt
 * would answer 404 after 3 s and Slack would show the person an error.
 */
import { describe, expect, it } from 'vitest';
import { httpTestBotPerFile } from '../helpers/http-test-bot.ts';
import { SIGNING_SECRET } from '../helpers/slack-bot.ts';
import { postSigned } from '../helpers/slack-sign.ts';

const h = httpTestBotPerFile();

const form = (payload: unknown) => `payload=${encodeURIComponent(JSON.stringify(payload))}`;
const base = {
  team: { id: 'T0TEST' },
  user: { id: 'U0ALICE' },
  api_app_id: 'A0TEST',
  token: 't',
  trigger_id: '1.2',
};

describe('interactions nobody claims', () => {
  it.each([
    [
      'a button id from an older card',
      {
        ...base,
        type: 'block_actions',
        channel: { id: 'C0OPS' },
        container: { type: 'message', channel_id: 'C0OPS', message_ts: '1.1' },
        actions: [
          { type: 'button', action_id: 'approval_approve_v0', block_id: 'b', value: 'x', action_ts: '1' },
        ],
      },
    ],
    [
      'a feedback button while no model is configured',
      {
        ...base,
        type: 'block_actions',
        channel: { id: 'C0OPS' },
        container: { type: 'message', channel_id: 'C0OPS', message_ts: '1.1' },
        actions: [
          { type: 'button', action_id: 'assistant_feedback', block_id: 'b', value: 'good', action_ts: '1' },
        ],
      },
    ],
    ['a global shortcut', { ...base, type: 'shortcut', callback_id: 'open_cloudops', action_ts: '1' }],
    [
      'a modal we never opened',
      {
        ...base,
        type: 'view_submission',
        view: { id: 'V1', callback_id: 'someone_else', state: { values: {} } },
      },
    ],
  ])('%s is acked with 200', async (_label, payload) => {
    const r = await postSigned(h.events, SIGNING_SECRET, form(payload));
    expect(r.status).toBe(200);
  });

  it('a known button is still answered by its own listener, once', async () => {
    const r = await postSigned(
      h.events,
      SIGNING_SECRET,
      form({
        ...base,
        type: 'block_actions',
        channel: { id: 'C0OPS' },
        container: { type: 'message', channel_id: 'C0OPS', message_ts: '1.1' },
        response_url: h.fake.responseUrl('known'),
        actions: [
          {
            type: 'button',
            action_id: 'approval_approve',
            block_id: 'b',
            value: 'req_missing',
            action_ts: '1',
          },
        ],
      }),
    );
    expect(r.status).toBe(200);
  });
});
