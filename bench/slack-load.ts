/**
 * Slack under load (issue 10): N concurrent signed slash commands into one channel while one KVM host hangs
 * before its SSH banner. The bot runs as its own process (`cloudops slack --http`, the production entry point
 * with its V8 flags) on a lab config, so the load generator does not share its event loop; Slack's Web API and
 * response_url are a fake on loopback that records when each write arrives.
 *
 * Prints, per round and as medians over rounds: ack latency (p50/p99/max), how many requests saw their first
 * visible response in the ack itself, when each result became visible, the time each result waited outside its
 * own tool run (result visible − sent − the tool's duration as the result reports it), and Web API writes per
 * request. Not part of `npm test`.
 *
 *   node_modules/.bin/node bench/slack-load.ts [--requests 50] [--rounds 5] [--scenario memory-cap]
 *
 * BENCH_BOT_NODE_FLAGS adds Node flags to the bot process (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { startLab } from '../src/lab/start-lab.ts';
import { FakeSlack, type UrlPost } from '../test/helpers/slack-fake-api.ts';
import { postSigned, slashBody } from '../test/helpers/slack-sign.ts';
import { BOT_NODE_FLAGS } from './lib/bot-client.ts';
import { killAllChildren, track } from './lib/children.ts';
import { fmt, median } from './lib/stats.ts';

const SECRET = 'bench-signing-secret-0123456789abcdef';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '5' },
    scenario: { type: 'string', default: 'memory-cap' },
  },
});
const N = Number(values.requests);
const ROUNDS = Number(values.rounds);
if (!Number.isInteger(N) || N < 1 || N > 500 || !Number.isInteger(ROUNDS) || ROUNDS < 1 || ROUNDS > 50) {
  console.error('usage: node bench/slack-load.ts [--requests 1..500] [--rounds 1..50] [--scenario NAME]');
  process.exit(2);
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * p) - 1)] ?? Number.NaN;
};

async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** The tool's own duration as the result's footer says it ("1.2 s · 3 calls"), in ms. */
function toolMs(post: UrlPost): number | undefined {
  const m = /(\d+\.\d) s · /.exec(JSON.stringify(post.body.blocks ?? []));
  return m ? Number(m[1]) * 1000 : undefined;
}

interface Round {
  ackMs: number[];
  firstInAck: number;
  resultMs: number[];
  waitOutsideToolMs: number[];
  hungResultMs: number;
  webApiWrites: number;
  responseUrlPosts: number;
  missing: number;
}

async function main(): Promise<void> {
  const lab = await startLab({ scenario: values.scenario, logger: pino({ level: 'silent' }) });
  // KVM hosts only: `host X memory` asks a hypervisor; the last one hangs before its SSH banner.
  const hosts = lab.world.hosts.map((h) => h.name);
  const hung = hosts[hosts.length - 1]!;
  await lab.hosts.get(hung)!.setFault('silent');
  const fake = await FakeSlack.start();
  const port = await freePort();
  const bot = track(
    spawn(
      process.execPath,
      [
        ...BOT_NODE_FLAGS,
        ...(process.env.BENCH_BOT_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
        'bin/cloudops.js',
        'slack',
        '--http',
        '--config',
        lab.configPath,
      ],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
        detached: true,
        env: {
          ...process.env,
          SLACK_BOT_TOKEN: 'xoxb-bench-token',
          SLACK_SIGNING_SECRET: SECRET,
          SLACK_API_URL: fake.apiUrl,
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
        },
      },
    ),
  );
  let botErr = '';
  bot.stderr?.on('data', (d: Buffer) => {
    botErr = (botErr + d.toString()).slice(-4000);
  });
  const events = `http://127.0.0.1:${port}/slack/events`;
  const health = `http://127.0.0.1:${port}/healthz`;
  try {
    for (let i = 0; ; i++) {
      if (bot.exitCode !== null) throw new Error(`bot exited ${bot.exitCode}: ${botErr}`);
      if (
        await fetch(health).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      if (i > 300) throw new Error(`bot not up after 30 s: ${botErr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    console.error(`bot up on :${port}; lab "${values.scenario}" with ${hosts.length} hosts, ${hung} hangs`);

    const rounds: Round[] = [];
    for (let round = 0; round <= ROUNDS; round++) {
      const callsBefore = fake.calls.length;
      const id = (i: number) => `b${round}-${i}`;
      const target = (i: number) => hosts[i % hosts.length]!;
      const sentAt: number[] = [];
      const acks = await Promise.all(
        Array.from({ length: N }, (_, i) => {
          sentAt[i] = Date.now();
          return postSigned(
            events,
            SECRET,
            slashBody(`host ${target(i)} memory`, { channel: 'C0OPS', responseUrl: fake.responseUrl(id(i)) }),
          );
        }),
      );
      // Progress edits ("Working… (2 s)") go to the same response_url; the result is the first post that is not one.
      const resultOf = (i: number) =>
        fake.responses.find((r) => r.path === `/response/${id(i)}` && !/Working…/.test(String(r.body.text)));
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && !Array.from({ length: N }, (_, i) => resultOf(i)).every(Boolean))
        await new Promise((r) => setTimeout(r, 20));
      const r: Round = {
        ackMs: acks.map((a) => a.ms),
        firstInAck: acks.filter((a) => a.status === 200 && /"text"/.test(a.text)).length,
        resultMs: [],
        waitOutsideToolMs: [],
        hungResultMs: Number.NaN,
        webApiWrites: fake.calls.slice(callsBefore).filter((c) => /^(chat|files)\./.test(c.method)).length,
        responseUrlPosts: 0,
        missing: 0,
      };
      for (let i = 0; i < N; i++) {
        const post = resultOf(i);
        if (!post) {
          r.missing++;
          continue;
        }
        const ms = post.at - sentAt[i]!;
        if (target(i) === hung)
          r.hungResultMs = Math.max(Number.isNaN(r.hungResultMs) ? 0 : r.hungResultMs, ms);
        else r.resultMs.push(ms);
        const own = toolMs(post);
        if (own !== undefined) r.waitOutsideToolMs.push(Math.max(0, ms - own));
        r.responseUrlPosts += fake.responses.filter((x) => x.path === `/response/${id(i)}`).length;
      }
      if (round === 0) continue; // warm-up: first connections, JIT
      rounds.push(r);
      console.error(
        `round ${round}: ack p50 ${pct(r.ackMs, 0.5)} ms p99 ${pct(r.ackMs, 0.99)} ms; results p99 ${pct(r.resultMs, 0.99)} ms; hung ${r.hungResultMs} ms`,
      );
    }

    const col = (f: (r: Round) => number) => fmt(median(rounds.map(f)), 0);
    console.log(
      `\n### Slack under load: ${N} concurrent signed slash commands into one channel, one host hung (${ROUNDS} rounds after a warm-up, medians)\n`,
    );
    console.log('| measure | value | target |');
    console.log('|---|---|---|');
    console.log(
      `| ack p50 / p99 / max | ${col((r) => pct(r.ackMs, 0.5))} / ${col((r) => pct(r.ackMs, 0.99))} / ${col((r) => Math.max(...r.ackMs))} ms | p99 ≤ 50 ms |`,
    );
    console.log(
      `| first visible response carried by the ack | ${col((r) => r.firstInAck)}/${N} | every request within 3 s |`,
    );
    console.log(
      `| result visible after sending, reachable hosts p50 / p99 | ${col((r) => pct(r.resultMs, 0.5))} / ${col((r) => pct(r.resultMs, 0.99))} ms | |`,
    );
    console.log(
      `| result's wait outside its own tool run, p99 / max | ${col((r) => pct(r.waitOutsideToolMs, 0.99))} / ${col((r) => Math.max(...r.waitOutsideToolMs))} ms | ≤ 3000 ms |`,
    );
    console.log(
      `| hung host's answer visible after | ${col((r) => r.hungResultMs)} ms | names the host, within its deadline |`,
    );
    console.log(
      `| Web API message writes per request | ${fmt(median(rounds.map((r) => r.webApiWrites / N)), 2)} | fewest (response_url carries the result) |`,
    );
    console.log(
      `| response_url posts per request (progress edits + result) | ${fmt(median(rounds.map((r) => r.responseUrlPosts / N)), 2)} | |`,
    );
    console.log(`| results missing | ${col((r) => r.missing)} | 0 |`);
  } finally {
    killAllChildren('SIGTERM');
    await fake.close();
    await lab.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    killAllChildren('SIGKILL');
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
