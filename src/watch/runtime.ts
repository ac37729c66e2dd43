/**
 * Everything that makes the bot speak first, built from the config: the event stream, the scheduled
 * watches (leased per replica) and the alert webhooks. The Slack app supplies the publisher.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { AuditLog } from '../approvals/types.ts';
import type { Config } from '../config/schema.ts';
import { OpsError } from '../core/errors.ts';
import type { OpsService } from '../core/ops-service.ts';
import { matchInventory } from '../intake/inventory-match.ts';
import { type IntakeServer, startIntakeServer } from '../intake/server.ts';
import type { StateStore } from '../store/types.ts';
import type { Lang } from '../tools/types.ts';
import { type Investigator, runbookInvestigator } from './investigator.ts';
import { startScheduler } from './scheduler.ts';
import { EventStream } from './stream.ts';
import type { Announcement, Publisher, StreamSettings, WatchEvent } from './types.ts';

export interface WatchRuntimeOptions {
  config: Config;
  service: Pick<OpsService, 'runTool' | 'diagnose'>;
  store: StateStore;
  audit?: AuditLog;
  logger: Logger;
  /** The intake's shared secret (from config.intake.secretEnv); required when `intake` is configured. */
  intakeSecret?: string;
  /** The assistant plugs in here later; default: the runbooks. */
  investigator?: Investigator;
  holder?: string;
  onHandled?: (e: WatchEvent, announce: Announcement | undefined) => void;
}

export interface WatchRuntime {
  stream: EventStream;
  start(publisher: Publisher): Promise<void>;
  /** The intake's port once started (0 in config = any free port). */
  intakePort?: number;
  stop(): Promise<void>;
}

/** Whether the config asks for anything at all (no watches, no intake: the runtime is not built). */
export const wantsWatchRuntime = (c: Config): boolean =>
  !!c.intake || c.environments.some((e) => (e.watches?.checks.length ?? 0) > 0);

export function createWatchRuntime(o: WatchRuntimeOptions): WatchRuntime {
  const lang: Lang = o.config.language ?? 'en';
  const envs = o.config.environments;
  const settingsFor = (name: string): StreamSettings => {
    const w = envs.find((e) => e.name === name)?.watches;
    return {
      channel: w?.channel ?? o.config.intake?.channel,
      holdChecks: w?.holdChecks ?? 2,
      holdMinutes: w?.holdMinutes ?? 0,
      timeZone: w?.timeZone ?? 'UTC',
      lang: w?.language ?? lang,
    };
  };
  let publisher: Publisher | undefined;
  const stream = new EventStream({
    store: o.store,
    publisher: {
      post: (c, m, t) => (publisher ? publisher.post(c, m, t) : Promise.reject(new Error('not started'))),
    },
    investigator: o.investigator ?? runbookInvestigator(o.service),
    settingsFor,
    audit: o.audit,
    logger: o.logger.child({ component: 'watch' }),
    onHandled: o.onHandled,
  });
  let scheduler: { stop(): Promise<void> } | undefined;
  let intake: IntakeServer | undefined;
  const rt: WatchRuntime = {
    stream,
    async start(p) {
      publisher = p;
      const holder = o.holder ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
      scheduler = startScheduler({
        service: o.service,
        store: o.store,
        stream,
        envs,
        holder,
        lang,
        logger: o.logger,
      });
      const ic = o.config.intake;
      if (!ic) return;
      if (!o.intakeSecret)
        throw new OpsError('config_invalid', `intake: set the shared secret in $${ic.secretEnv}`);
      const defaultEnv = ic.environment ?? o.config.defaultEnvironment ?? envs[0]!.name;
      intake = await startIntakeServer({
        port: ic.port,
        host: ic.host,
        secret: o.intakeSecret,
        maxBodyBytes: ic.maxBodyBytes,
        store: o.store,
        audit: o.audit,
        logger: o.logger.child({ component: 'intake' }),
        ingest: (e) => stream.ingest(e),
        target: {
          envFor: (named) => (named && envs.some((e) => e.name === named) ? named : defaultEnv),
          match: (names, env) => {
            const cfg = envs.find((e) => e.name === env);
            return cfg ? matchInventory(names, cfg) : undefined;
          },
          ...(ic.channel ? { channel: ic.channel } : {}),
        },
      });
      rt.intakePort = intake.port;
    },
    async stop() {
      await scheduler?.stop();
      await intake?.close();
    },
  };
  return rt;
}
