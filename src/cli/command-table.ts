/**
 * Every `cloudops` command, in the order `--help` lists them. A new command is one file exporting a
 * `CliCommand` and one line here. Commands load on use, so `--version` and shell completion stay quick.
 */
import type { CliCommand } from './command.ts';

export interface CommandEntry {
  name: string;
  /** Left out of the usage listing and of completion. */
  hidden?: boolean;
  load(): Promise<CliCommand>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'demo', load: async () => (await import('./commands/demo.ts')).demoCommand },
  { name: 'lab', load: async () => (await import('./commands/lab.ts')).labCommand },
  { name: 'lab-ctl', load: async () => (await import('./commands/lab-ctl.ts')).labCtlCommand },
  { name: 'tools', load: async () => (await import('./commands/tools.ts')).toolsCommand },
  { name: 'tool', load: async () => (await import('./commands/tool.ts')).toolCommand },
  { name: 'diagnose', load: async () => (await import('./commands/diagnose.ts')).diagnoseCommand },
  { name: 'ask', load: async () => (await import('./commands/ask.ts')).askCommand },
  { name: 'doctor', load: async () => (await import('./commands/doctor.ts')).doctorCommand },
  { name: 'envs', load: async () => (await import('./commands/envs.ts')).envsCommand },
  { name: 'slack', load: async () => (await import('./commands/slack.ts')).slackCommand },
  { name: 'request', load: async () => (await import('./commands/request.ts')).requestCommand },
  { name: 'audit', load: async () => (await import('./commands/audit.ts')).auditCommand },
  { name: 'mcp', load: async () => (await import('./commands/mcp.ts')).mcpCommand },
  { name: 'completion', load: async () => (await import('./commands/completion.ts')).completionCommand },
  { name: 'version', load: async () => (await import('./commands/version.ts')).versionCommand },
  {
    name: '__complete',
    hidden: true,
    load: async () => (await import('./commands/completion.ts')).completeCommand,
  },
];

export const findCommand = (name: string): CommandEntry | undefined => COMMANDS.find((c) => c.name === name);
