/**
 * A whole bot process (Bolt app, watches, stream) on a shared MariaDB store, for the two-replica test.
 * argv[2]: {configPath, mysqlUrl, slackApiUrl}. Prints READY, then `RUN <subject> <announce|->` per handled event.
 */
import { openMysqlStore } from '../../src/store/mysql-store.ts';
import { startWatchBot } from './watch-bot.ts';

const cmd = JSON.parse(process.argv[2] ?? '{}') as {
  configPath: string;
  mysqlUrl: string;
  slackApiUrl: string;
};
const say = (line: string) => process.stdout.write(`${line}\n`);
const store = await openMysqlStore({ url: cmd.mysqlUrl });
const bot = await startWatchBot(
  { configPath: cmd.configPath },
  { apiUrl: cmd.slackApiUrl },
  {
    store,
    watches: { channel: 'C0OPS', holdChecks: 1, checks: [{ kind: 'drbd', intervalSeconds: 0.3 }] },
  },
);
const seen = bot.handled.length;
let reported = seen;
setInterval(() => {
  for (; reported < bot.handled.length; reported++) {
    const h = bot.handled[reported]!;
    say(`RUN ${h.e.subject} ${h.announce ?? '-'}`);
  }
}, 20);
say(`READY ${process.pid}`);
process.on('SIGTERM', () => {
  void bot
    .stop()
    .then(() => store.close())
    .then(() => process.exit(0));
});
