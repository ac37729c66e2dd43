/**
 * A forged approval written into the store with SQL, then a real, signed Approve click into Bolt's
 * HTTPReceiver: the clicker is told privately that the request was changed, the request ends, the refusal
 * is audited, and the lab API records no mutating call. On SQLite and MariaDB.
 */
import { afterEach, expect, it } from 'vitest';
import type { ApprovalRequest } from '../../src/approvals/types.ts';
import type { SlackBot } from '../../src/slack/app.ts';
import { APPROVE_ACTION } from '../../src/slack/blocks/approval-card.ts';
import type { BotStore } from '../../src/store/audit-rows.ts';
import { type ApprovalsLab, slack, startApprovalsLab } from '../helpers/approvals-lab.ts';
import { describeOnBothStores } from '../helpers/both-stores.ts';
import { SIGNING_SECRET, startBotOn } from '../helpers/slack-bot.ts';
import { FakeSlack } from '../helpers/slack-fake-api.ts';
import { buttonClickBody, postSigned } from '../helpers/slack-sign.ts';

let h: ApprovalsLab | undefined;
let store: BotStore | undefined;
let fake: FakeSlack | undefined;
let bot: SlackBot | undefined;
afterEach(async () => {
  await bot?.stop(1000);
  await h?.close();
  await store?.close();
  await fake?.close();
  bot = h = store = fake = undefined;
});

describeOnBothStores('a forged approval and a real click', (backend) => {
  it('the click is refused privately, nothing reaches the API, the refusal is audited', {
    timeout: 60_000,
  }, async () => {
    store = await backend().open();
    h = await startApprovalsLab({ store });
    fake = await FakeSlack.start();
    const started = await startBotOn(
      fake,
      { kind: 'http', signingSecret: SIGNING_SECRET },
      h.service,
      undefined,
      store,
    );
    bot = started.bot;
    const c = await h.service.approvals.create({
      env: 'lab',
      steps: [{ tool: 'bounce_vm', input: { vm: 'web02' } }],
      requester: slack('UREQ'),
      origin: { env: 'lab', channel: 'C0OPS' },
    });
    if (!c.ok) throw new Error(c.message);
    const id = c.request.id;
    const [row] = (await backend().sql("SELECT value FROM docs WHERE ns = 'request' AND k = ?", [id])) as {
      value: string;
    }[];
    const forged = JSON.parse(String(row!.value)) as ApprovalRequest;
    forged.approvals.push({ user: 'UAPP1', at: forged.createdAt });
    await backend().sql("UPDATE docs SET value = ? WHERE ns = 'request' AND k = ?", [
      JSON.stringify(forged),
      id,
    ]);

    const res = await postSigned(
      `http://127.0.0.1:${started.port}/slack/events`,
      SIGNING_SECRET,
      buttonClickBody(APPROVE_ACTION, id, { user: 'UAPP2', responseUrl: fake.responseUrl('forged1') }),
    );
    expect(res.status).toBe(200);
    const told = await fake.waitFor(
      () => fake!.responses.find((r) => r.path === '/response/forged1'),
      10_000,
    );
    expect(JSON.stringify(told.body)).toContain('changed after it was made');
    expect((await h.service.approvals.get(id))?.status).toBe('failed');
    expect(h.labCalls).toEqual([]);
    const refused = await h.service.audit.list({ target: id, kind: 'integrity_refused' });
    expect(refused.map((e) => e.outcome)).toEqual([expect.stringMatching(/signature does not verify/)]);
  });
});
