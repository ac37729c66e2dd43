/** Every `cloudops` command, in the order `--help` lists them. A new command is one file and one line here. */
import type { CliCommand } from './command.ts';
import { auditCommand } from './commands/audit.ts';
import { completeCommand, completionCommand } from './commands/completion.ts';
import { demoCommand } from './commands/demo.ts';
import { diagnoseCommand } from './commands/diagnose.ts';
import { doctorCommand } from './commands/doctor.ts';
import { envsCommand } from './commands/envs.ts';
import { labCommand } from './commands/lab.ts';
import { requestCommand } from './commands/request.ts';
import { slackCommand } from './commands/slack.ts';
import { toolCommand } from './commands/tool.ts';
import { toolsCommand } from './commands/tools.ts';
import { versionCommand } from './commands/version.ts';

export const COMMANDS: readonly CliCommand[] = [
  demoCommand,
  labCommand,
  toolsCommand,
  toolCommand,
  diagnoseCommand,
  doctorCommand,
  envsCommand,
  slackCommand,
  requestCommand,
  auditCommand,
  completionCommand,
  versionCommand,
  completeCommand,
];

export const findCommand = (name: string): CliCommand | undefined => COMMANDS.find((c) => c.name === name);
