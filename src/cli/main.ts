/**
 * `cloudops` command line: run any registered tool, diagnose, start the lab, run the demo or the Slack bot.
 * Every command prints one short line on error and exits non-zero; it never prints a stack for bad input.
 */
import { parseArgs } from 'node:util';
import { describeError } from '../core/errors.ts';
import { MAX_CLI_ARG_CHARS } from '../core/input-limit.ts';
import { runAsk } from './commands/ask.ts';
import { runAudit } from './commands/audit.ts';
import { runDemo } from './commands/demo.ts';
import { runDiagnose } from './commands/diagnose.ts';
import { runLab } from './commands/lab.ts';
import { runLabCtl } from './commands/lab-ctl.ts';
import { runRequest } from './commands/request.ts';
import { runSlack } from './commands/slack.ts';
import { listTools, runTool } from './commands/tool.ts';
import { type CliIo, defaultIo } from './io.ts';

const USAGE = `usage: cloudops <command> [options]

commands:
  demo                               start the lab and show the memory-cap and DRBD diagnoses
  lab [--scenario NAME|FILE] [--dir DIR] [--db ADMIN_DSN] [--list]
                                     start a simulated cloud on loopback and write its config
  lab-ctl --dir DIR <action> [--k v…] change a running lab (drbd-standalone, oom-kill, raise-alert…)
  tools                              list registered tools
  tool <name> [--arg value...]       run one tool (--env NAME, --json, --lang en|ja)
  diagnose <vm|host|text...>         run the matching runbooks (--env NAME, --json, --lang en|ja)
  ask "<question>"                   ask the LLM assistant (OPENAI_BASE_URL, OPENAI_MODEL; --env, --lang)
  envs                               list configured environments
  slack [--http]                     run the Slack bot
  request <tool> [--arg v…] --as U…  file an approval request (never runs it; approve in Slack)
  audit [--verify] [--json] [-n N] [--actor U] [--target X]
                                     show or verify the hash-chained audit log

global options:
  --config FILE    config file (default: $CLOUDOPS_CONFIG)
  --lab SCENARIO   run tool/diagnose against an in-process lab instead of a config file`;

export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  const [command, ...rest] = argv;
  // Bounded before any parsing, as on every other surface.
  const long = argv.find((a) => a.length > MAX_CLI_ARG_CHARS);
  if (long !== undefined) {
    io.err(`cloudops: an argument is ${long.length} characters long; the limit is ${MAX_CLI_ARG_CHARS}`);
    return 2;
  }
  try {
    switch (command) {
      case 'demo':
        return await runDemo(rest, io);
      case 'lab':
        return await runLab(rest, io);
      case 'lab-ctl':
        return await runLabCtl(rest, io);
      case 'tools':
        return await listTools(rest, io);
      case 'tool':
        return await runTool(rest, io);
      case 'diagnose':
        return await runDiagnose(rest, io);
      case 'ask':
        return await runAsk(rest, io);
      case 'envs':
        return await runTool(['--envs', ...rest], io);
      case 'slack':
        return await runSlack(rest, io);
      case 'request':
        return await runRequest(rest, io);
      case 'audit':
        return await runAudit(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        io.err(`cloudops: unknown command "${command}"\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    io.err(`cloudops: ${describeError(e)}`);
    return 1;
  }
}

export { parseArgs };
