/**
 * Two more watches over a running lab: a VM OOM-killed on a host is posted once (a one-shot signal), and a
 * storage pair that cannot be reached is its own "could not check" problem that resolves when it answers again.
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

const w = watchWorldEachTest({ connectTimeoutMs: 500, commandTimeoutMs: 1000 });

const runsOf = (b: WatchBot, source: string) => b.handled.filter((h) => h.e.source === source).length;

it('posts an OOM kill once', async () => {
  w.bot = await startWatchBot(w.lab, w.fake, {
    watches: { channel: 'C0OPS', holdChecks: 1, checks: [{ kind: 'oom', intervalSeconds: 0.3 }] },
  });
  const b = w.bot;
  await w.fake.waitFor(() => runsOf(b, 'watch:oom') >= 2, 20_000, 'first check');
  await labCtl(w.lab, { action: 'oom-kill', host: 'kvm01', vm: 'web01' });
  await w.fake.waitFor(
    () => topPosts(w.fake, 'C0OPS').some((c) => /OOM killer killed .* on kvm01/.test(textOf(c))),
    20_000,
    'the kill',
  );
  const n = runsOf(b, 'watch:oom');
  await w.fake.waitFor(() => runsOf(b, 'watch:oom') >= n + 6, 20_000, 'three more checks');
  expect(topPosts(w.fake, 'C0OPS').filter((c) => /OOM killer killed/.test(textOf(c)))).toHaveLength(1);
});

it('a pair that cannot be reached is "could not check", never an all-clear, and resolves when it answers', async () => {
  await w.lab.setHostFault('nfs01', 'refused');
  await w.lab.setHostFault('nfs02', 'refused');
  w.bot = await startWatchBot(w.lab, w.fake, {
    watches: { channel: 'C0OPS', holdChecks: 1, checks: [{ kind: 'drbd', intervalSeconds: 0.3 }] },
  });
  const head = await w.fake.waitFor(() => topPosts(w.fake, 'C0OPS')[0], 20_000, 'the could-not-check post');
  expect(textOf(head)).toMatch(/Could not check/);
  const b = w.bot;
  expect((await w.fake.waitFor(() => b.handled[0], 10_000, 'handled')).e.state).toBe('unknown');
  await w.lab.setHostFault('nfs01', 'none');
  await w.lab.setHostFault('nfs02', 'none');
  await w.fake.waitFor(
    () => w.fake.callsTo('chat.postMessage').some((c) => c.body.thread_ts && /Resolved at/.test(textOf(c))),
    20_000,
    'resolved',
  );
  expect(topPosts(w.fake, 'C0OPS')).toHaveLength(1);
});
