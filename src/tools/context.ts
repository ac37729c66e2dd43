/** What a tool may touch while it runs: the environment's inventory and the three doors (SSH, API, DB). */
import type { Logger } from 'pino';
import type { CloudStackClient } from '../cloudstack/client.ts';
import type { EnvironmentConfig } from '../config/schema.ts';
import type { CloudDbReader } from '../db/reader.ts';
import type { Executor } from '../ssh/types.ts';
import type { Lang, RunRecord } from './types.ts';

/** A fan-out announces how many hosts it will visit, then reports each one as it finishes. */
export type HostProgressEvent = { type: 'planned'; hosts: number } | { type: 'finished'; ok: boolean };

export interface ToolContext {
  env: EnvironmentConfig;
  ssh: Executor;
  api: CloudStackClient;
  db?: CloudDbReader;
  logger: Logger;
  lang: Lang;
  /** Short progress notes ("kvm03: virsh domstats") for Slack's progress message; may be a no-op. */
  progress(note: string): void;
  /** Structured fan-out progress (hosts planned, each host finished) for a terminal's progress line. */
  hostProgress?: (e: HostProgressEvent) => void;
  /** Every remote/API/DB call is recorded here so the envelope can say what ran where. */
  record(run: RunRecord): void;
  signal?: AbortSignal;
}
