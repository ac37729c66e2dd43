/** What a runbook gets to work with, and what it is: a function from an intent to findings. */
import type { EnvironmentConfig, InventoryHost } from '../config/schema.ts';
import type { Envelope, Lang } from '../tools/types.ts';
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
  /** Runs a registered tool; the same call within one diagnosis is made once and shared. */
  tool(name: string, input: Record<string, unknown>): Promise<Envelope>;
  /** CloudStack version from listCapabilities, or undefined when the API does not say. */
  cloudstackVersion(): Promise<string | undefined>;
}

export interface Runbook {
  id: string;
  /** Whether this runbook has anything to say about the intent. */
  applies(intent: Intent): boolean;
  run(rc: RunbookContext, intent: Intent): Promise<Finding[]>;
}
