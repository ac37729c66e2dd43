/**
 * `cloudops mcp`: the bot's tools for any MCP client — stdio (a desktop assistant starts it; acts as
 * mcp.stdioUser) or `--http` (streamable HTTP with bearer tokens). `cloudops mcp token --user U…` makes a token
 * and prints the sha256 line for the config. Logs go to stderr: on stdio, stdout is the protocol.
 */
import { parseArgs } from 'node:util';
import { configuredSecrets } from '../../assistant/create-assistant.ts';
import { loadConfig } from '../../config/load.ts';
import { OpsError } from '../../core/errors.ts';
import { defaultLang, tr } from '../../i18n/text.ts';
import { serveHttp } from '../../mcp/http.ts';
import { openMcp } from '../../mcp/open.ts';
import { serveStdio } from '../../mcp/stdio.ts';
import { newToken } from '../../mcp/tokens.ts';
import type { CliCommand } from '../command.ts';
import type { CliIo } from '../io.ts';
import { cliLogger } from '../open-service.ts';

const SLACK_USER = /^[UW][A-Z0-9]{2,31}$/;

export async function runMcp(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      env: { type: 'string' },
      lang: { type: 'string' },
      http: { type: 'boolean' },
      user: { type: 'string' },
    },
  });
  if (positionals[0] === 'token') {
    if (!values.user || !SLACK_USER.test(values.user)) {
      io.err('usage: cloudops mcp token --user <Slack user id, e.g. U012ABC>');
      return 2;
    }
    const t = newToken();
    const lang = defaultLang(values.lang === 'ja' || values.lang === 'en' ? values.lang : undefined, io.env);
    io.out(
      tr(
        lang,
        `token (give it to ${values.user}; it is shown only now): ${t.token}`,
        `トークン（${values.user} に渡してください。表示は今回だけです）: ${t.token}`,
      ),
    );
    io.out(`mcp.tokens:  - { user: ${values.user}, sha256: ${t.sha256} }`);
    return 0;
  }
  if (positionals.length) {
    io.err(
      `cloudops mcp: unexpected "${positionals[0]}"; usage: cloudops mcp [--http] [--config FILE] [--env NAME]`,
    );
    return 2;
  }
  const path = values.config ?? io.env.CLOUDOPS_CONFIG;
  if (!path) throw new OpsError('config_invalid', 'no config: pass --config FILE or set CLOUDOPS_CONFIG');
  const loaded = await loadConfig(path, io.env);
  const logger = cliLogger(
    { ...io, env: { LOG_LEVEL: 'warn', ...io.env } },
    configuredSecrets(loaded.secrets),
  );
  const lang = values.lang === 'ja' || values.lang === 'en' ? values.lang : undefined;
  const m = await openMcp({
    loaded,
    env: io.env,
    logger,
    ...(values.env ? { envName: values.env } : {}),
    ...(lang ? { lang } : {}),
  });
  try {
    if (!values.http) {
      await serveStdio(m, loaded.config.mcp?.stdioUser);
      return 0;
    }
    const http = loaded.config.mcp?.http ?? {
      host: '127.0.0.1',
      port: 8765,
      allowedOrigins: [],
      maxBodyBytes: 256 * 1024,
    };
    const running = await serveHttp(m, http);
    io.err(`cloudops mcp: listening on ${running.url}`);
    await new Promise<void>((resolve) => process.once('SIGTERM', resolve).once('SIGINT', resolve));
    await running.close();
    return 0;
  } finally {
    await m.close();
  }
}

export const mcpCommand: CliCommand = {
  name: 'mcp',
  summary: [
    'serve the tools over MCP (stdio, or HTTP with bearer tokens); approvals stay in Slack',
    'MCP でツールを提供 (stdio、またはベアラートークン付き HTTP)。承認は Slack で',
  ],
  usage: '[--http [--port N] [--host ADDR]] | token --user U… [--config FILE]',
  flags: ['--http', '--port', '--host', '--config', '--lab', '--help'],
  run: runMcp,
};
