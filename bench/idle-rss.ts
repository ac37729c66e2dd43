/**
 * Idle bot RSS: the whole Slack bot (config, OpsService with its store, Bolt HTTP receiver, assistant wiring)
 * started on a lab config against a local fake Slack API, after startup settles. Not part of `npm test`.
 * Run: node bench/idle-rss.ts   (it measures in a child started with the bot's own flags and compile cache)
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
// @ts-expect-error plain JS module without types (it must run before any .ts loads)
import { enablePrivateCompileCache } from '../bin/compile-cache.js';
import { loadConfig } from '../src/config/load.ts';
import { createOpsService } from '../src/core/create-ops-service.ts';
import { createSlackApp } from '../src/slack/app.ts';
import { BOT_NODE_FLAGS } from './lib/bot-client.ts';

// The bot starts from Node's compile cache (bin/compile-cache.js) on every start but the first after an upgrade.
// So the measurement runs in a child started as the bot is (its flags, the cache on before any .ts loads), after a
// first identical child has filled the cache. CLOUDOPS_COMPILE_CACHE=off measures the uncached first start.
if (!process.env.IDLE_RSS_CHILD) {
  const dir: string | undefined = enablePrivateCompileCache();
  const env = { ...process.env, ...(dir ? { NODE_COMPILE_CACHE: dir } : {}) };
  const self = fileURLToPath(import.meta.url);
  for (const phase of ['prime', 'measure'])
    execFileSync(process.execPath, [...BOT_NODE_FLAGS, self], {
      env: { ...env, IDLE_RSS_CHILD: phase },
      stdio: phase === 'measure' ? 'inherit' : 'ignore',
    });
  console.log(
    dir ? `(modules from the compile cache in ${dir})` : '(no compile cache: modules type-stripped)',
  );
  process.exit(0);
}

const mib = (b: number) => (b / 1048576).toFixed(1);
const logger = pino({ level: 'warn' });
// The lab and the fake Slack run in this process too; their share is measured first and subtracted.
const before = process.memoryUsage.rss();
const { startLab } = await import('../src/lab/start-lab.ts');
const { FakeSlack } = await import('../test/helpers/slack-fake-api.ts');
const fake = await FakeSlack.start();
const lab = await startLab({ scenario: 'memory-cap', logger });
await new Promise((r) => setTimeout(r, 2000));
const withLab = process.memoryUsage.rss();
const service = await createOpsService({ loaded: await loadConfig(lab.configPath, {}), logger });
const bot = createSlackApp({
  service,
  logger,
  access: { allowedChannels: ['C0OPS'], allowedUsers: ['U0ALICE'], allowedUserGroups: [] },
  botToken: 'xoxb-idle-rss',
  mode: { kind: 'http', signingSecret: 'idle-rss-signing-secret-0123456789' },
  slackApiUrl: fake.apiUrl,
});
await bot.init();
await bot.start(0, '127.0.0.1');
await new Promise((r) => setTimeout(r, 5000));
const idle = process.memoryUsage.rss();
console.log(
  `idle bot: process RSS ${mib(idle)} MiB; the bot's modules alone ${mib(before)} MiB, lab + fake Slack added ${mib(withLab - before)} MiB, starting the bot ${mib(idle - withLab)} MiB; bot estimate ${mib(idle - (withLab - before))} MiB`,
);
await bot.stop(1000);
await service.close();
await lab.close();
await fake.close();
process.exit(0);
