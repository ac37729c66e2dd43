/** The Slack surface's public API: what the CLI (`cloudops slack`) and tests import. */
export type { AccessPolicy } from './access.ts';
export { type CreateSlackAppOptions, createSlackApp, type SlackBot } from './app.ts';
export { diagnosisMessage, diagnosisText } from './blocks/diagnosis.ts';
export { type EnvelopeMessageOptions, envelopeMessage } from './blocks/envelope.ts';
export type { SlackFile, SlackMessage } from './blocks/message.ts';
export { type ParsedCommand, parseSlashText, type SlashCommand } from './command-parse.ts';
export { readSlackSettings, type SlackSettings } from './settings.ts';
export { type RunningSlackBot, type StartSlackBotOptions, startSlackBot } from './start.ts';
