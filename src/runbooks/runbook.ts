/** What a runbook gets to work with, and what it is: a function from an intent to findings. */
import type { EnvironmentConfig, InventoryHost } from '../config/schema.ts';
import type { Envelope, Lang } from '../tools/types.ts';
import type { RunbookTool, RunbookTools } from './tool-data.ts';
import type { Finding } from './types.ts';

export type Topic = 'memory' | 'oom' | 'storage' | 'cluster';

export type Intent =
  /** vm: the CloudStack name once resolved; aliases: what was typed and the libvirt instance name. */
  | { kind: 'vm'; vm: string; aliases?: string[] }
  | { kind: 'host'; host: InventoryHost }
  /** A CloudStack cluster named as in the inventory: its KVM hosts and its cluster-scoped memory settings. */
  | { kind: 'cluster'; cluster: string; hosts: InventoryHost[] }
  /** unmatched: the text named no topic the runbooks know; all of them ran as a general sweep. */
  | { kind: 'topics'; topics: Set<Topic>; text: string; unmatched?: boolean };

export interface RunbookContext {
  env: EnvironmentConfig;
  lang: Lang;
  /**
   * Runs a registered tool; the same call within one diagnosis is made once and shared. The envelope's data is
   * the tool's declared data type, or null when the tool failed.
   */
  tool<N extends RunbookTool>(
    name: N,
    input: RunbookTools[N]['input'],
  ): Promise<Envelope<RunbookTools[N]['data'] | null>>;
  /** CloudStack version from listCapabilities, or undefined when the API does not say. */
  cloudstackVersion(): Promise<string | undefined>;
}

export interface Runbook {
  id: string;
  /** Whether this runbook has anything to say about the intent. */
  applies(intent: Intent): boolean;
  run(rc: RunbookContext, intent: Intent): Promise<Finding[]>;
}
