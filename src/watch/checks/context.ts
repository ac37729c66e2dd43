/** What every watch check gets, and the shared rule that a check which could not run is its own problem. */

import type { EnvironmentConfig } from '../../config/schema.ts';
import type { WatchCheck } from '../../config/watch-schema.ts';
import type { StateStore } from '../../store/types.ts';
import { severityOf } from '../../tools/severity.ts';
import type { Envelope, Lang } from '../../tools/types.ts';
import type { WatchEvent, WatchState } from '../types.ts';

export interface CheckContext {
  env: EnvironmentConfig;
  check: WatchCheck;
  lang: Lang;
  store: StateStore;
  now: Date;
  runTool(name: string, input: Record<string, unknown>): Promise<Envelope>;
}

/** A check's events, and what to do once the stream took them all (advance a "since" cursor). */
export type CheckResult = WatchEvent[] | { events: WatchEvent[]; after?: (() => Promise<void>) | undefined };
export type CheckRunner = (c: CheckContext) => Promise<CheckResult>;

const SEVERITY: Record<WatchState, WatchEvent['severity']> = {
  ok: 'info',
  warning: 'warning',
  unknown: 'warning',
  problem: 'critical',
};

export function event(
  c: CheckContext,
  subject: string,
  state: WatchState,
  title: string,
  detail: string,
  extra: Partial<WatchEvent> = {},
): WatchEvent {
  return {
    env: c.env.name,
    source: `watch:${c.check.kind}`,
    subject,
    state,
    severity: SEVERITY[state],
    time: c.now.toISOString(),
    title,
    detail: detail.slice(0, 4000),
    ...extra,
  };
}

/** The envelope's own verdict: `unknown` (could not check) whenever the tool failed or saw only part. */
export const stateOf = (e: Envelope): WatchState => severityOf(e);

export const firstLine = (s: string): string => (s.split('\n', 1)[0] ?? '').slice(0, 200);
