/** The one event shape that watches, CloudStack signals and alert webhooks all produce, and what is kept per problem. */
import type { SlackMessage } from '../slack/blocks/message.ts';
import type { Lang } from '../tools/types.ts';

export type WatchState = 'ok' | 'warning' | 'problem' | 'unknown';

export interface WatchEvent {
  env: string;
  /** Who saw it: `watch:drbd`, `cloudstack:alert`, `alertmanager`, `zabbix`… */
  source: string;
  /** What it is about within the source: a pair, a cluster, an alert fingerprint. */
  subject: string;
  state: WatchState;
  severity: 'info' | 'warning' | 'critical';
  /** ISO time the source saw it. */
  time: string;
  /** One line naming the problem ("DRBD split brain on nfs-b r0"). */
  title: string;
  detail: string;
  /** A host or VM name the runbooks can investigate. */
  target?: string;
  /** One-shot signals (a CloudStack alert, an OOM kill): announced once, never "resolved". */
  once?: boolean;
  /** Announce at once, without the flapping hold (webhooks: the monitoring system already held it). */
  immediate?: boolean;
  /** Overrides the environment's watch channel (intake). */
  channel?: string;
}

/** Where a problem's thread lives once announced. */
export interface OpenThread {
  channel: string;
  ts: string;
  since: string;
}

/** What an announcement says; the publisher turns it into a message. */
export type Announcement = 'new' | 'worse' | 'changed' | 'resolved';

/** Per (env, source, subject) in the store, namespace 'watch'. Changed only by compare-and-set. */
export interface ProblemRecord {
  env: string;
  source: string;
  subject: string;
  /** The state last announced (or accepted silently while snoozed); 'ok' when nothing is open. */
  announced: WatchState;
  /** A different state seen but not yet held long enough to announce. */
  candidate?: { state: WatchState; since: string; checks: number };
  thread?: OpenThread;
  /** Written before posting, cleared after: a crash in between re-posts rather than loses. */
  outbox?: { kind: Announcement; event: WatchEvent; at: string };
  snoozedUntil?: string;
  muted?: { by: string; at: string };
  lastSeen: string;
  announcements: number;
}

/** Posts to Slack (or anything else); returns the message ts. */
export interface Publisher {
  post(channel: string, msg: SlackMessage, threadTs?: string): Promise<string>;
}

export interface StreamSettings {
  channel?: string;
  holdChecks: number;
  holdMinutes: number;
  timeZone: string;
  lang: Lang;
}
