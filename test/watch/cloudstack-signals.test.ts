/**
 * CloudStack's own alerts in a running lab, through the real bot: an alert raised is picked up once and
 * investigated in its thread; one raised while the bot is down is picked up after the restart, and none
 * is posted twice.
 */
import { expect, it } from 'vitest';
import {
  labCtl,
  startWatchBot,
  textOf,
  topPosts,
  type WatchBot,
  watchWorldEachTest,
} from '../helpers/watch-bot.ts';

const w = watchWorldEachTest();

const watches = { channel: 'C0OPS', holdChecks: 1, checks: [{ kind: 'cloudstack', intervalSeconds: 0.3 }] };
const runs = (b: WatchBot) => b.handled.filter((h) => h.e.subject === 'api').length;
const waitRuns = (b: WatchBot, n: number) => w.fake.waitFor(() => runs(b) >= n, 20_000, `${n} checks`);
const postsNaming = (text: string) => topPosts(w.fake, 'C0OPS').filter((c) => textOf(c).includes(text));

it('picks a CloudStack alert up once, investigates it, and after a restart neither repeats nor loses one', async () => {
  w.bot = await startWatchBot(w.lab, w.fake, { watches });
  await waitRuns(w.bot, 1);
  await labCtl(w.lab, {
    action: 'raise-alert',
    type: 7,
    description: 'Host kvm01 is down, name: kvm01 (id:1)',
  });
  await w.fake.waitFor(() => postsNaming('Host kvm01 is down').length === 1, 20_000, 'the alert post');
  // Investigated on the host it names: the runbooks' report arrives in the thread.
  await w.fake.waitFor(
    () => w.fake.callsTo('chat.postMessage').some((c) => c.body.thread_ts && /kvm01/.test(textOf(c))),
    30_000,
    'the investigation',
  );
  await waitRuns(w.bot, runs(w.bot) + 3);
  await w.bot.stop();
  w.bot = undefined;

  // Raised while no bot runs; a VM event too (WARN: stopped unexpectedly).
  await labCtl(w.lab, {
    action: 'raise-alert',
    type: 2,
    description: 'Unable to reach primary storage nfs-a on kvm02',
  });
  await labCtl(w.lab, {
    action: 'add-event',
    type: 'VM.STOP',
    level: 'WARN',
    description: 'VM web02 stopped unexpectedly on kvm01',
  });
  w.bot = await startWatchBot(w.lab, w.fake, { watches });
  await w.fake.waitFor(() => postsNaming('primary storage nfs-a').length === 1, 20_000, 'the missed alert');
  await w.fake.waitFor(
    () => postsNaming('web02 stopped unexpectedly').length === 1,
    20_000,
    'the missed event',
  );
  await waitRuns(w.bot, runs(w.bot) + 3);
  expect(postsNaming('Host kvm01 is down')).toHaveLength(1);
  expect(postsNaming('primary storage nfs-a')).toHaveLength(1);
  expect(postsNaming('web02 stopped unexpectedly')).toHaveLength(1);
});
