/**
 * Two more watches over a running lab: a VM OOM-killed on a host is posted once (a one-shot signal), and a
 * storage pair that cannot be reached is its own "could not check" problem that resolves when it answers again.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type Lab, startLab } from '../../src/lab/start-lab.ts';
import { FakeSlack } from '../helpers/slack-fake-api.ts';
import { labCtl, startWatchBot, textOf, topPosts, type WatchBot } from '../helpers/watch-bot.ts';

let lab: Lab;
let fake: FakeSlack;
let bot: WatchBot | undefined;

beforeEach(async () => {
  lab = await startLab({ scenario: 'healthy', connectTimeoutMs: 500, commandTimeoutMs: 1000 });
  fake = await FakeSlack.start();
});
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
  await fake.close();
  await lab.close();
});

const runsOf = (b: WatchBot, source: string) => b.handled.filter((h) => h.e.source === source).length;

it('posts an OOM kill once', async () => {
  bot = await startWatchBot(lab, fake, {
    watches: { channel: 'C0OPS', holdChecks: 1, checks: [{ kind: 'oom', intervalSeconds: 0.3 }] },
  });
  const b = bot;
  await fake.waitFor(() => runsOf(b, 'watch:oom') >= 2, 20_000, 'first check');
  await labCtl(lab, { action: 'oom-kill', host: 'kvm01', vm: 'web01' });
  await fake.waitFor(
    () => topPosts(fake, 'C0OPS').some((c) => /OOM killer killed .* on kvm01/.test(textOf(c))),
    20_000,
    'the kill',
  );
  const n = runsOf(b, 'watch:oom');
  await fake.waitFor(() => runsOf(b, 'watch:oom') >= n + 6, 20_000, 'three more checks');
  expect(topPosts(fake, 'C0OPS').filter((c) => /OOM killer killed/.test(textOf(c)))).toHaveLength(1);
});

it('a pair that cannot be reached is "could not check", never an all-clear, and resolves when it answers', async () => {
  await lab.setHostFault('nfs01', 'refused');
  await lab.setHostFault('nfs02', 'refused');
  bot = await startWatchBot(lab, fake, {
    watches: { channel: 'C0OPS', holdChecks: 1, checks: [{ kind: 'drbd', intervalSeconds: 0.3 }] },
  });
  const head = await fake.waitFor(() => topPosts(fake, 'C0OPS')[0], 20_000, 'the could-not-check post');
  expect(textOf(head)).toMatch(/Could not check/);
  const b = bot;
  expect((await fake.waitFor(() => b.handled[0], 10_000, 'handled')).e.state).toBe('unknown');
  await lab.setHostFault('nfs01', 'none');
  await lab.setHostFault('nfs02', 'none');
  await fake.waitFor(
    () => fake.callsTo('chat.postMessage').some((c) => c.body.thread_ts && /Resolved at/.test(textOf(c))),
    20_000,
    'resolved',
  );
  expect(topPosts(fake, 'C0OPS')).toHaveLength(1);
});
