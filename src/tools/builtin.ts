/** The built-in tools, in the order help lists them. Operator YAML tools are added after these. */

import { drbdSplitBrainRecover } from './actions/drbd-recover.ts';
import { migrateVm } from './actions/migrate-vm.ts';
import { migrateVolume } from './actions/migrate-volume.ts';
import { rebootVm } from './actions/reboot-vm.ts';
import { restartHostService } from './actions/restart-host-service.ts';
import { restartManagementServer } from './actions/restart-management-server.ts';
import { scaleVm } from './actions/scale-vm.ts';
import { startVm } from './actions/start-vm.ts';
import { stopVm } from './actions/stop-vm.ts';
import { updateSetting } from './actions/update-setting.ts';
import { cloudstackAlerts } from './cloudstack/alerts.ts';
import { capacity } from './cloudstack/capacity.ts';
import { cloudstackSetting } from './cloudstack/setting.ts';
import { managementLog } from './logs/management-log.ts';
import { oomKills } from './logs/oom-kills.ts';
import { fleetMemoryAudit } from './memory/fleet-memory-audit.ts';
import { hostMemory } from './memory/host-memory.ts';
import { vmMemory } from './memory/vm-memory.ts';
import { drbdStatus } from './storage/drbd-status.ts';
import { pacemakerStatus } from './storage/pacemaker-status.ts';
import { storagePools } from './storage/storage-pools.ts';
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
    storagePools,
    oomKills,
    managementLog,
    cloudstackAlerts,
    // Mutating: the registry answers approval_required; only the approval executor runs them.
    stopVm,
    startVm,
    rebootVm,
    migrateVm,
    migrateVolume,
    scaleVm,
    updateSetting,
    restartManagementServer,
    restartHostService,
    drbdSplitBrainRecover,
  ] as ToolDefinition[];
