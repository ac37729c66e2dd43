/**
 * Reads the Slack side of the environment (tokens, mode, port) and refuses early with ONE clear line:
 * a missing or misplaced token is the most common setup mistake and deserves better than a stack trace.
 */
import { OpsError } from '../core/errors.ts';

export type SlackMode = { kind: 'socket'; appToken: string } | { kind: 'http'; signingSecret: string };

export interface SlackSettings {
  botToken: string;
  mode: SlackMode;
  port: number;
  host?: string;
  slackApiUrl?: string;
  allowAll: boolean;
}

const truthy = (v: string | undefined): boolean => !!v && /^(1|true|yes|on)$/i.test(v.trim());

export function readSlackSettings(env: NodeJS.ProcessEnv, forceHttp = false): SlackSettings {
  const botToken = env.SLACK_BOT_TOKEN?.trim();
  const appToken = env.SLACK_APP_TOKEN?.trim();
  const signingSecret = env.SLACK_SIGNING_SECRET?.trim();
  if (!botToken)
    throw new OpsError(
      'config_invalid',
      'SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-…) from the app\'s "OAuth & Permissions" page.',
    );
  if (!botToken.startsWith('xoxb-'))
    throw new OpsError(
      'config_invalid',
      'SLACK_BOT_TOKEN must be a bot token starting with "xoxb-" (not a user xoxp- or app-level xapp- token).',
    );
  const http = forceHttp || (!!signingSecret && !appToken);
  let mode: SlackMode;
  if (http) {
    if (!signingSecret)
      throw new OpsError(
        'config_invalid',
        'HTTP mode needs SLACK_SIGNING_SECRET ("Basic Information" → "Signing Secret"); or drop --http and set SLACK_APP_TOKEN for Socket Mode.',
      );
    mode = { kind: 'http', signingSecret };
  } else {
    if (!appToken)
      throw new OpsError(
        'config_invalid',
        'Socket Mode needs SLACK_APP_TOKEN: create an app-level token (xapp-…) with the connections:write scope under "Basic Information"; or set SLACK_SIGNING_SECRET and use --http.',
      );
    if (!appToken.startsWith('xapp-'))
      throw new OpsError(
        'config_invalid',
        'SLACK_APP_TOKEN must be an app-level token starting with "xapp-".',
      );
    mode = { kind: 'socket', appToken };
  }
  const rawPort = env.PORT?.trim();
  const port = rawPort ? Number(rawPort) : 3000;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new OpsError('config_invalid', `PORT must be a port number, got "${rawPort}".`);
  const slackApiUrl = env.SLACK_API_URL?.trim();
  if (slackApiUrl && !/^https?:\/\//.test(slackApiUrl))
    throw new OpsError(
      'config_invalid',
      'SLACK_API_URL must be an http(s) URL such as https://slack.com/api/.',
    );
  return {
    botToken,
    mode,
    port,
    ...(env.HOST?.trim() ? { host: env.HOST.trim() } : {}),
    ...(slackApiUrl ? { slackApiUrl: slackApiUrl.endsWith('/') ? slackApiUrl : `${slackApiUrl}/` } : {}),
    allowAll: truthy(env.CLOUDOPS_SLACK_ALLOW_ALL),
  };
}
