/** The built-in tools, in the order help lists them. Operator YAML tools are added after these. */

import { updateSetting } from './actions/update-setting.ts';
import { startVm, stopVm } from './actions/vm-power.ts';
import { capacity } from './cloudstack/capacity.ts';
import { cloudstackSetting } from './cloudstack/setting.ts';
import { managementLog } from './logs/management-log.ts';
import { oomKills } from './logs/oom-kills.ts';
import { fleetMemoryAudit } from './memory/fleet-memory-audit.ts';
import { hostMemory } from './memory/host-memory.ts';
import { vmMemory } from './memory/vm-memory.ts';
import { drbdStatus } from './storage/drbd-status.ts';
import { pacemakerStatus } from './storage/pacemaker-status.ts';
import type { ToolDefinition } from './types.ts';

export const builtinTools = (): ToolDefinition[] =>
  [
    fleetMemoryAudit,
    vmMemory,
    hostMemory,
    cloudstackSetting,
    capacity,
    drbdStatus,
    pacemakerStatus,
    oomKills,
    managementLog,
    stopVm,
    startVm,
    updateSetting,
  ] as ToolDefinition[];
