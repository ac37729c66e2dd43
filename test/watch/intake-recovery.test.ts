/**
 * An alert accepted (stored) but not yet posted when the bot stopped is posted by the next bot: the intake
 * store is drained at start, so a 202 never means a lost alert.
 */
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { enqueue, pending } from '../../src/intake/queue.ts';
import { type Lab, startLab } from '../../src/lab/start-lab.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import type { WatchEvent } from '../../src/watch/types.ts';
import { FakeSlack } from '../helpers/slack-fake-api.ts';
import { startWatchBot, textOf, topPosts, type WatchBot } from '../helpers/watch-bot.ts';

let lab: Lab | undefined;
let fake: FakeSlack | undefined;
let bot: WatchBot | undefined;
afterEach(async () => {
  await bot?.stop();
  await fake?.close();
  await lab?.close();
  lab = fake = bot = undefined;
});

it('posts an alert that was stored before a stop', async () => {
  lab = await startLab({ scenario: 'healthy' });
  fake = await FakeSlack.start();
  const stored: WatchEvent = {
    env: lab.scenario.environment,
    source: 'zabbix',
    subject: 'event:9001',
    state: 'problem',
    severity: 'critical',
    time: new Date().toISOString(),
    title: 'Stored before the restart (kvm01)',
    detail: 'accepted, not yet posted',
    target: 'kvm01',
    immediate: true,
    channel: 'C0ESC',
  };
  const store = openSqliteStore(join(lab.dir, 'state.db'));
  await enqueue(store, [stored]);
  await store.close();
  bot = await startWatchBot(lab, fake, { intake: { port: 0 } });
  const f = fake;
  await f.waitFor(
    () => topPosts(f, 'C0ESC').some((c) => textOf(c).includes('Stored before the restart')),
    20_000,
    'the post',
  );
  const b = bot;
  let left = -1;
  await f.waitFor(
    () => {
      void pending(b.service.store).then((p) => {
        left = p.length;
      });
      return left === 0;
    },
    10_000,
    'the stored alert dequeued',
  );
  expect(b.handled.map((h) => h.announce)).toEqual(['new']);
});
