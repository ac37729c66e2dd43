/**
 * createSlackApp: the Bolt app with our listeners, in Socket Mode or behind Bolt's own HTTPReceiver.
 * Bolt refuses socketMode together with a custom receiver, so the mode decides which one is built.
 */
import type { Server } from 'node:http';
import { App, HTTPReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import type { ApprovalService, AuditLog } from '../approvals/types.ts';
import { describeError, OpsError } from '../core/errors.ts';
import type { OpsService } from '../core/ops-service.ts';
import type { StateStore } from '../store/types.ts';
import type { Lang } from '../tools/types.ts';
import type { WatchRuntime } from '../watch/runtime.ts';
import { AccessChecker, type AccessPolicy } from './access.ts';
import { followApprovalCards } from './approval-cards.ts';
import { FEEDBACK_ACTION } from './assistant/blocks.ts';
import { registerAssistantSurfaces } from './assistant/register.ts';
import type { SlackAssistantDeps } from './assistant/run-turn.ts';
import { approvalCard } from './blocks/approval-card.ts';
import type { SlackMessage } from './blocks/message.ts';
import { boltLogger } from './bolt-logger.ts';
import { RecentKeys } from './dedupe.ts';
import type { BotContext } from './dispatch.ts';
import { type HealthState, healthHandler, startHealthServer } from './health.ts';
import { JobTracker } from './jobs.ts';
import { registerListeners } from './listeners/index.ts';
import { PlanOffers } from './plan-offers.ts';
import { SlackPoster } from './poster.ts';
import type { SlackMode } from './settings.ts';

export interface CreateSlackAppOptions {
  service: OpsService;
  logger: Logger;
  access: AccessPolicy;
  botToken: string;
  mode: SlackMode;
  /** Web API base URL (SLACK_API_URL); also used by Socket Mode's apps.connections.open. */
  slackApiUrl?: string;
  defaultLang?: Lang;
  /** Minimum gap between writes to one channel (Slack allows ~1 message/s per channel). */
  postIntervalMs?: number;
  /** Minimum gap between two progress rewrites of the same message. */
  progressIntervalMs?: number;
  groupCacheMs?: number;
  /** Retries of Web API calls on network errors / 5xx; 429s are retried by the poster after Retry-After. */
  webApiRetries?: number;
  /** Mutation requests and their cards; without it, change commands say approvals are not set up. */
  approvals?: ApprovalService;
  audit?: AuditLog;
  /** Watches and alert webhooks: started with the app, posting through its poster. */
  watch?: WatchRuntime;
  /** The LLM assistant, when a model is configured; without it questions go to the runbook engine. */
  assistant?: SlackAssistantDeps;
  /** Where "Run this plan" offers live (the bot's StateStore, shared by replicas); default: memory. */
  store?: StateStore;
}

export interface SlackBot {
  app: App;
  /** Slack user-group membership (cached, fails closed), for the approval policy's group entries. */
  isMember(user: string, group: string): Promise<boolean>;
  health: HealthState;
  jobs: JobTracker;
  /** Verifies the bot token (auth.test); rejects with OpsError('slack_auth'), never leaves a rejection unhandled. */
  init(): Promise<void>;
  /** Starts receiving. HTTP mode serves events and /healthz on `port`; Socket Mode serves only /healthz there. */
  start(port: number, host?: string): Promise<{ port?: number }>;
  /** Stops receiving, lets in-flight requests finish for `graceMs`, then aborts them. */
  stop(graceMs?: number): Promise<void>;
}

const AUTH_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
]);

function slackStartError(err: unknown, which: string): OpsError {
  const code = (err as { data?: { error?: string } } | null)?.data?.error;
  if (code && AUTH_ERRORS.has(code))
    return new OpsError(
      'slack_auth',
      `Slack rejected ${which} (${code}): check the token in the app's settings and that the app is installed.`,
      { cause: err },
    );
  return new OpsError('slack_auth', `cannot verify ${which} with Slack: ${describeError(err)}`, {
    cause: err,
  });
}

export function createSlackApp(o: CreateSlackAppOptions): SlackBot {
  const logger = o.logger.child({ component: 'slack' });
  const jobs = new JobTracker((err) => logger.error({ err: describeError(err) }, 'slack job failed'));
  const health: HealthState = { ready: false, mode: o.mode.kind, inFlight: () => jobs.size };
  const clientOptions = {
    ...(o.slackApiUrl ? { slackApiUrl: o.slackApiUrl } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: o.webApiRetries ?? 2, factor: 2, minTimeout: 500, maxTimeout: 5000 },
  };
  const common = { token: o.botToken, logger: boltLogger(logger), deferInitialization: true, clientOptions };
  let receiver: HTTPReceiver | undefined;
  let app: App;
  if (o.mode.kind === 'http') {
    receiver = new HTTPReceiver({
      signingSecret: o.mode.signingSecret,
      logger: common.logger,
      customRoutes: [{ path: '/healthz', method: ['GET'], handler: healthHandler(health) }],
    });
    app = new App({ ...common, receiver });
  } else {
    app = new App({ ...common, appToken: o.mode.appToken, socketMode: true });
  }
  // Bolt's default error handler re-throws, which would reject processEvent; log instead.
  app.error(async (err) => {
    logger.error({ err: describeError(err) }, 'slack listener error');
  });

  const poster = new SlackPoster({ minTimeMs: o.postIntervalMs ?? 1000, logger });
  const access = new AccessChecker(o.access, {
    ttlMs: o.groupCacheMs ?? 5 * 60_000,
    listGroupMembers: async (usergroup) =>
      (await app.client.usergroups.users.list({ usergroup })).users ?? [],
    onLookupError: (group, err) =>
      logger.warn({ group, err: describeError(err) }, 'user group lookup failed; denying'),
  });
  const ctx: BotContext = {
    deps: { service: o.service, poster, logger, progressIntervalMs: o.progressIntervalMs ?? 1000 },
    access,
    jobs,
    dedupe: new RecentKeys(),
    defaultLang: o.defaultLang ?? 'en',
    logger,
    offers: new PlanOffers(o.store),
  };
  // The service's own approvals and audit unless the caller passes others (tests, a second replica).
  const approvals = o.approvals ?? o.service.approvals;
  const audit = o.audit ?? o.service.audit;
  if (approvals) ctx.approvals = approvals;
  if (audit) ctx.audit = audit;
  if (o.watch) ctx.watch = o.watch.stream;
  if (o.assistant) {
    const sa: SlackAssistantDeps = {
      ...o.assistant,
      ...(approvals
        ? {
            postApprovalCard: async (id, w) => {
              const r = await approvals.get(id);
              if (!r) return;
              const ts = await poster.post(w.client, w.channel, approvalCard(r, w.lang), w.threadTs);
              if (ts) await approvals.setCard(id, { channel: w.channel, ts });
            },
          }
        : {}),
    };
    ctx.assistant = sa;
    // The assistant pane's thread messages must be claimed before the generic DM listener sees them.
    registerAssistantSurfaces(app, { sa, access, jobs, defaultLang: ctx.defaultLang, dedupe: ctx.dedupe });
  }
  registerListeners(app, ctx, o.assistant ? [FEEDBACK_ACTION] : []);
  const unfollow = approvals
    ? followApprovalCards({
        approvals,
        client: app.client,
        poster,
        logger,
        lang: ctx.defaultLang,
      })
    : () => {};

  let healthServer: Server | undefined;
  return {
    app,
    isMember: (user, group) => access.isMember(user, group),
    health,
    jobs,
    async init() {
      try {
        await app.init();
      } catch (err) {
        throw slackStartError(err, 'SLACK_BOT_TOKEN');
      }
    },
    async start(port, host) {
      const publisher = {
        post: (channel: string, msg: SlackMessage, threadTs?: string) =>
          poster.post(app.client, channel, msg, threadTs),
      };
      if (o.mode.kind === 'http') {
        const server = await app.start(host ? { port, host } : port);
        await o.watch?.start(publisher);
        health.ready = true;
        const addr = server.address();
        return { port: typeof addr === 'object' && addr ? addr.port : port };
      }
      try {
        await app.start();
      } catch (err) {
        throw slackStartError(err, 'SLACK_APP_TOKEN');
      }
      healthServer = await startHealthServer(health, port, host);
      await o.watch?.start(publisher);
      health.ready = true;
      const addr = healthServer.address();
      return { port: typeof addr === 'object' && addr ? addr.port : port };
    },
    async stop(graceMs = 10_000) {
      health.ready = false;
      await app
        .stop()
        .catch((err: unknown) =>
          logger.warn({ err: describeError(err) }, 'stopping the Slack receiver failed'),
        );
      await o.watch?.stop();
      await jobs.drain(graceMs);
      unfollow();
      await poster.stop();
      if (healthServer) await new Promise<void>((r) => healthServer?.close(() => r()));
    },
  };
}
