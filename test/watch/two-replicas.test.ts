/**
 * Two bot processes on one MariaDB: each watch runs on one of them at a time (a store lease), a split brain
 * is posted once, and when the holder is killed -9 the other takes the watch over without repeating the post.
 */
import { afterEach, expect, it } from 'vitest';
import { type Lab, startLab } from '../../src/lab/start-lab.ts';
import type { BotStore } from '../../src/store/audit-rows.ts';
import { openMysqlStore } from '../../src/store/mysql-store.ts';
import { RUN_NS } from '../../src/watch/scheduler.ts';
import { type Child, spawnChild } from '../helpers/child-lines.ts';
import { createScratchDatabase, describeWithMariaDb, type ScratchDatabase } from '../helpers/mariadb.ts';
import { FakeSlack } from '../helpers/slack-fake-api.ts';
import { labCtl, textOf, topPosts } from '../helpers/watch-bot.ts';

const child = (cmd: Record<string, unknown>): Child => spawnChild('watch-child.ts', cmd);

let lab: Lab | undefined;
let fake: FakeSlack | undefined;
let db: ScratchDatabase | undefined;
let store: BotStore | undefined;
const children: Child[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) {
    c.proc.kill('SIGKILL');
    await c.exited;
  }
  await store?.close();
  await fake?.close();
  await lab?.close();
  await db?.drop();
  lab = fake = db = store = undefined;
});

const runs = (c: Child) => c.lines.filter((l) => l.startsWith('RUN ')).length;

describeWithMariaDb('watches on two replicas', () => {
  it('runs each watch on one replica at a time, posts once, and is taken over when the holder dies', {
    timeout: 120_000,
  }, async () => {
    lab = await startLab({ scenario: 'healthy' });
    fake = await FakeSlack.start();
    db = await createScratchDatabase();
    const cmd = { configPath: lab.configPath, mysqlUrl: db.url, slackApiUrl: fake.apiUrl };
    const [a, b] = [child(cmd), child(cmd)];
    children.push(a!, b!);
    const f = fake;
    await f.waitFor(
      () => a!.lines.some((l) => l.startsWith('READY')) && b!.lines.some((l) => l.startsWith('READY')),
      60_000,
      `both ready ${a!.err()} ${b!.err()}`,
    );
    await f.waitFor(() => runs(a!) + runs(b!) >= 5, 30_000, 'five checks');
    // One replica holds the lease: the other has not run the watch at all.
    expect(Math.min(runs(a!), runs(b!))).toBe(0);
    const holder = runs(a!) > 0 ? a! : b!;
    const other = holder === a ? b! : a!;

    await labCtl(lab, { action: 'drbd-standalone', pair: 'nfs-a', resource: 'r0' });
    await f.waitFor(() => topPosts(f, 'C0OPS').length === 1, 30_000, 'the post');
    expect(textOf(topPosts(f, 'C0OPS')[0]!)).toMatch(/split.brain/i);

    holder.proc.kill('SIGKILL');
    await holder.exited;
    // The lease expires (3 × interval, at least 3 s) and the other replica takes over.
    await f.waitFor(() => runs(other) >= 5, 60_000, 'the takeover');
    expect(topPosts(f, 'C0OPS')).toHaveLength(1);
    store = await openMysqlStore({ url: db.url });
    const doc = await store.get<{ byHolder: Record<string, number> }>(
      RUN_NS,
      `${lab.scenario.environment}|drbd`,
    );
    const holders = Object.keys(doc?.value.byHolder ?? {});
    expect(holders).toHaveLength(2);
    expect(holders.some((h) => h.includes(`:${other.proc.pid}:`))).toBe(true);
  });
});
