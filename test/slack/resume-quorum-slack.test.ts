/**
 * Resume from Slack on a stopped destructive plan: signed button clicks into Bolt's HTTPReceiver, the real
 * ApprovalService over SQLite and MariaDB, the lab API's own record of mutating calls. One Resume is only
 * a vote (the clicker is told so privately); the second approver's Resume runs the rest.
 */
import { afterEach, expect, it } from 'vitest';
import type { SlackBot } from '../../src/slack/app.ts';
import { APPROVE_ACTION, RESUME_ACTION, STOP_ACTION } from '../../src/slack/blocks/approval-card.ts';
import type { BotStore } from '../../src/store/audit-rows.ts';
import { type ApprovalsLab, slack, startApprovalsLab } from '../helpers/approvals-lab.ts';
import { describeOnBothStores } from '../helpers/both-stores.ts';
import { gateTool } from '../helpers/gate-tool.ts';
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

let n = 0;
async function click(events: string, actionId: string, id: string, user: string): Promise<string> {
  const tag = `resume${++n}`;
  const res = await postSigned(
    events,
    SIGNING_SECRET,
    buttonClickBody(actionId, id, { user, responseUrl: fake!.responseUrl(tag) }),
  );
  expect(res.status).toBe(200);
  return tag;
}
const toldPrivately = (tag: string) =>
  fake!
    .waitFor(() => fake!.responses.find((r) => r.path === `/response/${tag}`), 10_000, `reply ${tag}`)
    .then((r) => JSON.stringify(r.body));

describeOnBothStores('Resume from Slack', (backend) => {
  it('one Resume on a destructive plan is a vote; the second approver runs the rest', {
    timeout: 90_000,
  }, async () => {
    const g = gateTool('gate_step', { gated: true });
    store = await backend().open();
    h = await startApprovalsLab({
      store,
      extraTools: [g.tool],
      policy: { raise: { gate_step: 'destructive' } },
    });
    fake = await FakeSlack.start();
    fake.usergroups.S0OPS = ['UREQ', 'UAPP1', 'UAPP2'];
    const started = await startBotOn(
      fake,
      { kind: 'http', signingSecret: SIGNING_SECRET },
      h.service,
      undefined,
      store,
    );
    bot = started.bot;
    const events = `http://127.0.0.1:${started.port}/slack/events`;
    const c = await h.service.approvals.create({
      env: 'lab',
      steps: [
        { tool: 'gate_step', input: { label: 'a' } },
        { tool: 'bounce_vm', input: { vm: 'web02' } },
      ],
      requester: slack('UREQ'),
      origin: { env: 'lab', channel: 'C0OPS' },
    });
    if (!c.ok) throw new Error(c.message);
    const id = c.request.id;
    // Made on the service, so no card was posted: record one, and the bot keeps it current.
    await h.service.approvals.setCard(id, { channel: 'C0OPS', ts: '1700009999.000100' });
    const paused = new Promise<void>((resolve) =>
      h!.service.approvals.subscribe((r, e) => {
        if (r.id === id && e === 'step_finished' && r.status === 'paused') resolve();
      }),
    );
    await click(events, APPROVE_ACTION, id, 'UAPP1');
    await click(events, APPROVE_ACTION, id, 'UAPP2');
    await g.started('a');
    // Waits on the transition itself (no polling deadline): on a loaded machine the Stop may take a while.
    const stopped = new Promise<void>((resolve) =>
      h!.service.approvals.subscribe((r) => {
        if (r.id === id && r.status === 'paused') resolve();
      }),
    );
    await click(events, STOP_ACTION, id, 'UAPP1');
    await stopped;
    g.open('a');
    await paused;
    expect(h.labCalls).toEqual([]);

    expect(await toldPrivately(await click(events, RESUME_ACTION, id, 'UREQ'))).toContain(
      'someone else must approve',
    );
    expect(await toldPrivately(await click(events, RESUME_ACTION, id, 'UAPP1'))).toContain(
      'another approver must also resume',
    );
    // The card says how far the Resume got.
    await fake.waitFor(
      () =>
        fake!
          .callsTo('chat.update')
          .find((c) =>
            JSON.stringify(c.body.blocks ?? '').includes(
              'Resuming needs 2 different approvers (the requester cannot): 1 of 2',
            ),
          ),
      10_000,
      'card with 1 of 2 resume votes',
    );
    expect(await toldPrivately(await click(events, RESUME_ACTION, id, 'UAPP1'))).toContain(
      'different second approver',
    );
    expect((await h.service.approvals.get(id))?.status).toBe('paused');
    expect(h.labCalls).toEqual([]);

    const done = new Promise<string>((resolve) =>
      h!.service.approvals.subscribe((r, e) => {
        if (r.id === id && (e === 'done' || e === 'failed')) resolve(`${r.status} ${r.outcome ?? ''}`);
      }),
    );
    await click(events, RESUME_ACTION, id, 'UAPP2');
    expect(await done).toMatch(/^done/);
    expect(h.labCalls).toEqual(['stop web02', 'start web02']);
    const final = await h.service.approvals.get(id);
    expect(final?.resumeApprovals?.map((v) => v.user)).toEqual(['UAPP1', 'UAPP2']);
  });
});
