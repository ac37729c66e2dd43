/** The Pacemaker watch over a running lab: a storage node going offline is posted once (in Japanese when configured) and resolves when it is back. */
import { expect, it } from 'vitest';
import { labCtl, startWatchBot, textOf, topPosts, watchWorldEachTest } from '../helpers/watch-bot.ts';

const w = watchWorldEachTest();

it('posts an offline storage node once and replies 解消 in its thread when it is back', async () => {
  w.bot = await startWatchBot(w.lab, w.fake, {
    watches: {
      channel: 'C0OPS',
      holdChecks: 2,
      language: 'ja',
      timeZone: 'Asia/Tokyo',
      checks: [{ kind: 'pacemaker', intervalSeconds: 0.3 }],
    },
  });
  const b = w.bot;
  await w.fake.waitFor(() => b.handled.length >= 1, 20_000, 'first check');
  await labCtl(w.lab, { action: 'node-offline', pair: 'nfs-a', node: 'nfs02' });
  const head = await w.fake.waitFor(() => topPosts(w.fake, 'C0OPS')[0], 20_000, 'the post');
  expect(textOf(head)).toMatch(/新規/);
  expect(textOf(head)).toMatch(/nfs02/);
  await labCtl(w.lab, { action: 'node-online', pair: 'nfs-a', node: 'nfs02' });
  await w.fake.waitFor(
    () =>
      w.fake
        .callsTo('chat.postMessage')
        .some((c) => c.body.thread_ts && /に解消しました（継続 \d+ 分）/.test(textOf(c))),
    20_000,
    'resolved',
  );
  expect(topPosts(w.fake, 'C0OPS')).toHaveLength(1);
});
