/** Child-process entry for the SIGTERM test: starts the real startSlackBot with the double and reports its port. */
import { pino } from 'pino';
import { startSlackBot } from '../../src/slack/start.ts';
import { OpsServiceDouble } from './slack-ops-double.ts';

const service = new OpsServiceDouble();
service.delayMs = Number(process.env.DOUBLE_DELAY_MS ?? 0);
const bot = await startSlackBot({
  service,
  env: process.env,
  logger: pino({ level: 'info' }, pino.destination(2)),
  access: { allowedChannels: [], allowedUsers: [], allowedUserGroups: [] },
  shutdownGraceMs: 2000,
});
process.stdout.write(`READY ${bot.port}\n`);
process.on('exit', () => process.stdout.write(`EXIT service-closed=${service.closed}\n`));
// Like bin/cloudops.js → `cloudops slack`: a top-level await on the bot. It must settle after SIGTERM, or
// Node exits 13 ("unsettled top-level await") once the loop drains.
await bot.done;
process.exitCode = 0;
