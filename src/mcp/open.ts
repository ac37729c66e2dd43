/**
 * Wires an MCP server process from the loaded config: the one OpsService (same store, policy and audit as the
 * Slack bot), the token table, Slack (cards, user-group membership) when SLACK_BOT_TOKEN and `mcp.channel` are
 * set, and the identity check every session goes through.
 */
import { createRequire } from 'node:module';
import type { Logger } from 'pino';
import type { LoadedConfig } from '../config/load.ts';
import { createOpsService, type WiredOpsService } from '../core/create-ops-service.ts';
import { OpsError } from '../core/errors.ts';
import { defaultLang } from '../i18n/text.ts';
import { AccessChecker } from '../slack/access.ts';
import type { Lang } from '../tools/types.ts';
import type { McpDeps } from './deps.ts';
import { identityFor, type McpIdentity } from './identity.ts';
import { loadRunbookDocs, type RunbookDoc } from './runbook-resources.ts';
import { createCardPoster, slackClient } from './slack-cards.ts';
import { loadTokenTable } from './tokens.ts';

export interface OpenedMcp {
  deps: McpDeps;
  service: WiredOpsService;
  tokens: Map<string, string>;
  runbooks: RunbookDoc[];
  version: string;
  identity(user: string): Promise<McpIdentity>;
  close(): Promise<void>;
}

const version = (): string =>
  (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

export async function openMcp(o: {
  loaded: LoadedConfig;
  env: Record<string, string | undefined>;
  logger: Logger;
  envName?: string;
  lang?: Lang;
}): Promise<OpenedMcp> {
  const { config, secrets } = o.loaded;
  const mcp = config.mcp;
  const envName = o.envName ?? config.defaultEnvironment ?? config.environments[0]!.name;
  if (!config.environments.some((e) => e.name === envName))
    throw new OpsError('config_invalid', `unknown environment "${envName.slice(0, 64)}"`);
  const tokens = await loadTokenTable(mcp, o.loaded.path, o.env);
  const botToken = o.env.SLACK_BOT_TOKEN?.trim();
  const apiUrl = o.env.SLACK_API_URL?.trim();
  const client = botToken
    ? slackClient(botToken, apiUrl ? apiUrl.replace(/\/?$/, '/') : undefined)
    : undefined;
  const groups = new AccessChecker(
    { allowedChannels: [], allowedUsers: [], allowedUserGroups: [] },
    {
      listGroupMembers: async (usergroup) =>
        client ? ((await client.usergroups.users.list({ usergroup })).users ?? []) : [],
      onLookupError: (group, err) =>
        o.logger.warn({ group, err: String(err) }, 'user group lookup failed; denying'),
    },
  );
  const isMember = (u: string, g: string) => groups.isMember(u, g);
  const service = await createOpsService({ loaded: o.loaded, logger: o.logger, isMember });
  const lang = o.lang ?? defaultLang(config.language);
  const cards =
    client && mcp?.channel
      ? createCardPoster({
          client,
          channel: mcp.channel,
          approvals: service.approvals,
          lang,
          logger: o.logger,
        })
      : undefined;
  if (!cards) o.logger.warn('mcp: no SLACK_BOT_TOKEN or mcp.channel: mutating tools are not offered');
  const deps: McpDeps = {
    service,
    env: envName,
    lang,
    secrets: [...secrets.values()].flatMap((s) =>
      [s.apiKey, s.secretKey, s.dbPassword, s.sshPrivateKey].filter((x): x is string => !!x),
    ),
    maxResultChars: mcp?.maxResultChars ?? 8000,
    ...(cards ? { cards } : {}),
    logger: o.logger,
    now: () => new Date(),
  };
  return {
    deps,
    service,
    tokens,
    runbooks: loadRunbookDocs(),
    version: version(),
    identity: (user) => identityFor(user, { config, env: envName, isMember, cardsReachSlack: !!cards }),
    close: () => service.close(),
  };
}
