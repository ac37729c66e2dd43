/** The Pacemaker watch over a running lab: a storage node going offline is posted once (in Japanese when configured) and resolves when it is back. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type Lab, startLab } from '../../src/lab/start-lab.ts';
import { FakeSlack } from '../helpers/slack-fake-api.ts';
import { labCtl, startWatchBot, textOf, topPosts, type WatchBot } from '../helpers/watch-bot.ts';

let lab: Lab;
let fake: FakeSlack;
let bot: WatchBot | undefined;

beforeEach(async () => {
  lab = await startLab({ scenario: 'healthy' });
  fake = await FakeSlack.start();
});
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
  await fake.close();
  await lab.close();
});

it('posts an offline storage node once and replies 解消 in its thread when it is back', async () => {
  bot = await startWatchBot(lab, fake, {
    watches: {
      channel: 'C0OPS',
      holdChecks: 2,
      language: 'ja',
      timeZone: 'Asia/Tokyo',
      checks: [{ kind: 'pacemaker', intervalSeconds: 0.3 }],
    },
  });
  const b = bot;
  await fake.waitFor(() => b.handled.length >= 1, 20_000, 'first check');
  await labCtl(lab, { action: 'node-offline', pair: 'nfs-a', node: 'nfs02' });
  const head = await fake.waitFor(() => topPosts(fake, 'C0OPS')[0], 20_000, 'the post');
  expect(textOf(head)).toMatch(/新規/);
  expect(textOf(head)).toMatch(/nfs02/);
  await labCtl(lab, { action: 'node-online', pair: 'nfs-a', node: 'nfs02' });
  await fake.waitFor(
    () =>
      fake
        .callsTo('chat.postMessage')
        .some((c) => c.body.thread_ts && /に解消しました（継続 \d+ 分）/.test(textOf(c))),
    20_000,
    'resolved',
  );
  expect(topPosts(fake, 'C0OPS')).toHaveLength(1);
});
