/**
 * startSlackBot: environment → settings → Bolt app → verified tokens → listening, with SIGTERM/SIGINT
 * wired to a graceful stop. Every startup failure rejects with one OpsError line, never a stack.
 */
import type { Logger } from 'pino';
import { describeError, OpsError } from '../core/errors.ts';
import type { OpsService } from '../core/ops-service.ts';
import type { StateStore } from '../store/types.ts';
import type { Lang } from '../tools/types.ts';
import type { AccessPolicy } from './access.ts';
import { createSlackApp } from './app.ts';
import type { SlackAssistantDeps } from './assistant/run-turn.ts';
import { readSlackSettings } from './settings.ts';

export interface StartSlackBotOptions {
  service: OpsService;
  env: NodeJS.ProcessEnv;
  /** Force HTTP mode (else: HTTP when SLACK_SIGNING_SECRET is set and SLACK_APP_TOKEN is not). */
  http?: boolean;
  logger: Logger;
  /** From config.slack; CLOUDOPS_SLACK_ALLOW_ALL=1 in env sets allowAll. */
  access: AccessPolicy;
  defaultLang?: Lang;
  /** Stop gracefully on SIGTERM/SIGINT and close the service (default true). */
  handleSignals?: boolean;
  /** How long in-flight requests may finish on shutdown. */
  shutdownGraceMs?: number;
  /** The LLM assistant, when a model is configured. */
  assistant?: SlackAssistantDeps;
  /** The bot's state store ("Run this plan" offers shared by replicas). */
  store?: StateStore;
}

export interface RunningSlackBot {
  stop(): Promise<void>;
  /** HTTP mode: the events + /healthz port; Socket Mode: the /healthz port. */
  port?: number;
  /**
   * Settles once a signal-driven stop has finished (service closed). The CLI awaits it: a never-settling
   * promise under a top-level await makes Node exit 13 when the loop drains, which systemd records as a failure.
   */
  done: Promise<void>;
  /** Slack user-group membership, for the approval policy. */
  isMember(user: string, group: string): Promise<boolean>;
}

export async function startSlackBot(opts: StartSlackBotOptions): Promise<RunningSlackBot> {
  const log = opts.logger.child({ component: 'slack' });
  const settings = readSlackSettings(opts.env, opts.http);
  const access: AccessPolicy = { ...opts.access, allowAll: !!opts.access.allowAll || settings.allowAll };
  if (
    !access.allowedChannels.length &&
    !access.allowedUsers.length &&
    !access.allowedUserGroups.length &&
    !access.allowAll
  ) {
    log.warn(
      'no slack.allowedChannels/allowedUsers/allowedUserGroups configured: every request will be refused (set CLOUDOPS_SLACK_ALLOW_ALL=1 to allow everyone)',
    );
  }
  const bot = createSlackApp({
    service: opts.service,
    logger: opts.logger,
    access,
    botToken: settings.botToken,
    mode: settings.mode,
    ...(settings.slackApiUrl ? { slackApiUrl: settings.slackApiUrl } : {}),
    ...(opts.defaultLang ? { defaultLang: opts.defaultLang } : {}),
    ...(opts.assistant ? { assistant: opts.assistant } : {}),
    ...(opts.store ? { store: opts.store } : {}),
  });
  await bot.init();
  let port: number | undefined;
  try {
    ({ port } = await bot.start(settings.port, settings.host));
  } catch (err) {
    await bot.stop(0).catch(() => undefined);
    throw err instanceof OpsError
      ? err
      : new OpsError(
          'config_invalid',
          `cannot start the Slack listener on port ${settings.port}: ${describeError(err)}`,
          { cause: err },
        );
  }
  log.info({ mode: settings.mode.kind, port }, 'slack bot started');

  let stopping: Promise<void> | undefined;
  let finished: () => void = () => {};
  const done = new Promise<void>((r) => {
    finished = r;
  });
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      await bot.stop(opts.shutdownGraceMs ?? 10_000);
      log.info('slack bot stopped');
    })();
    return stopping;
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    log.info({ signal }, 'shutting down');
    stop()
      .then(() => opts.service.close())
      .catch((err: unknown) => log.error({ err: describeError(err) }, 'shutdown failed'))
      .finally(() => {
        process.exitCode ??= 0;
        finished();
        // Idle keep-alive sockets (undici keeps them ~4 s) may still hold the loop; do not make systemd wait for them.
        setTimeout(() => process.exit(), 500).unref();
      });
  };
  if (opts.handleSignals ?? true) {
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  const isMember = bot.isMember;
  return port === undefined ? { stop, done, isMember } : { stop, port, done, isMember };
}
