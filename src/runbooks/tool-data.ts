/**
 * The tools the runbooks call, with the input and data each one declares (derived from the declarations, so
 * a change to a tool's data type shows up in every runbook that reads it): runbooks read envelope data
 * without casts.
 */
import type { z } from 'zod';
import type { capacity } from '../tools/cloudstack/capacity.ts';
import type { cloudstackSetting } from '../tools/cloudstack/setting.ts';
import type { oomKills } from '../tools/logs/oom-kills.ts';
import type { fleetMemoryAudit } from '../tools/memory/fleet-memory-audit.ts';
import type { hostMemory } from '../tools/memory/host-memory.ts';
import type { vmMemory } from '../tools/memory/vm-memory.ts';
import type { drbdStatus } from '../tools/storage/drbd-status.ts';
import type { pacemakerStatus } from '../tools/storage/pacemaker-status.ts';
import type { storagePools } from '../tools/storage/storage-pools.ts';
import type { ToolDefinition } from '../tools/types.ts';

/** A tool declaration's input (as a caller writes it) and data (as its run returns it). */
type Declared<T> = T extends ToolDefinition<infer I, infer D> ? { input: z.input<I>; data: D } : never;

/** Tool name → its declaration's types. The names are checked against the registry in tool-data.test.ts. */
export interface RunbookTools {
  vm_memory: Declared<typeof vmMemory>;
  host_memory: Declared<typeof hostMemory>;
  fleet_memory_audit: Declared<typeof fleetMemoryAudit>;
  cloudstack_setting: Declared<typeof cloudstackSetting>;
  capacity: Declared<typeof capacity>;
  drbd_status: Declared<typeof drbdStatus>;
  pacemaker_status: Declared<typeof pacemakerStatus>;
  oom_kills: Declared<typeof oomKills>;
  storage_pools: Declared<typeof storagePools>;
}

export type RunbookTool = keyof RunbookTools;
