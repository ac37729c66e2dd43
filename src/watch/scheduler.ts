/**
 * Runs each configured watch on its interval — on one replica at a time: a store lease per (environment,
 * check), renewed every run and taken over by another replica once the holder stops renewing (it died).
 */
import type { Logger } from 'pino';
import type { EnvironmentConfig } from '../config/schema.ts';
import type { WatchCheck } from '../config/watch-schema.ts';
import { describeError } from '../core/errors.ts';
import type { OpsService } from '../core/ops-service.ts';
import { tr } from '../i18n/text.ts';
import type { StateStore } from '../store/types.ts';
import type { Lang } from '../tools/types.ts';
import { type CheckContext, event } from './checks/context.ts';
import { CHECKS } from './checks/index.ts';
import type { EventStream } from './stream.ts';

export interface SchedulerOptions {
  service: Pick<OpsService, 'runTool'>;
  store: StateStore;
  stream: EventStream;
  envs: EnvironmentConfig[];
  /** This replica's lease holder id (host:pid:random). */
  holder: string;
  lang: Lang;
  logger: Logger;
}

/** Per (env, check): which holder ran it how often; tests read it to see one replica at work. */
export const RUN_NS = 'watch_run';

export function startScheduler(o: SchedulerOptions): { stop(): Promise<void> } {
  const abort = new AbortController();
  const loops: Promise<void>[] = [];
  for (const env of o.envs)
    for (const check of env.watches?.checks ?? []) loops.push(loop(o, env, check, abort.signal));
  return {
    async stop() {
      abort.abort();
      await Promise.allSettled(loops);
      await Promise.allSettled(
        o.envs.flatMap((env) =>
          (env.watches?.checks ?? []).map((c) => o.store.releaseLease(leaseName(env, c), o.holder)),
        ),
      );
    },
  };
}

const leaseName = (env: EnvironmentConfig, c: WatchCheck) => `watch:${env.name}:${c.kind}`;

async function loop(o: SchedulerOptions, env: EnvironmentConfig, check: WatchCheck, signal: AbortSignal) {
  const intervalMs = check.intervalSeconds * 1000;
  const ttlMs = Math.max(intervalMs * 3, 3000);
  while (!signal.aborted) {
    const held = await o.store.lease(leaseName(env, check), o.holder, ttlMs).catch((err: unknown) => {
      o.logger.warn({ err: describeError(err) }, 'watch: lease unavailable');
      return false;
    });
    if (held) await runOnce(o, env, check);
    await sleep(intervalMs, signal);
  }
}

async function runOnce(o: SchedulerOptions, env: EnvironmentConfig, check: WatchCheck): Promise<void> {
  const lang = env.watches?.language ?? o.lang;
  const c: CheckContext = {
    env,
    check,
    lang,
    store: o.store,
    now: new Date(),
    runTool: (name, input) =>
      o.service.runTool(name, input, {
        env: env.name,
        lang,
        actor: { user: `watch:${check.kind}`, via: 'watch' },
      }),
  };
  await countRun(o, env, check);
  try {
    const r = await CHECKS[check.kind](c);
    const { events, after } = Array.isArray(r) ? { events: r, after: undefined } : r;
    for (const e of events) await o.stream.ingest(e);
    await after?.();
  } catch (err) {
    // A check that cannot run is its own problem, never a silent all-clear.
    const why = describeError(err);
    await o.stream.ingest(
      event(
        c,
        'check',
        'unknown',
        tr(lang, `could not run the ${check.kind} watch`, `${check.kind} の監視を実行できません`),
        why,
      ),
    );
  }
}

async function countRun(o: SchedulerOptions, env: EnvironmentConfig, check: WatchCheck): Promise<void> {
  const key = `${env.name}|${check.kind}`;
  for (let i = 0; i < 5; i++) {
    const doc = await o.store.get<{ byHolder: Record<string, number> }>(RUN_NS, key);
    const byHolder = { ...(doc?.value.byHolder ?? {}) };
    byHolder[o.holder] = (byHolder[o.holder] ?? 0) + 1;
    if ((await o.store.put(RUN_NS, key, { byHolder }, doc?.revision ?? 0)) !== undefined) return;
  }
}

/** Waits `ms` or until aborted, leaving no listener behind either way. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}
