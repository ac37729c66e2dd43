/** The lab's command table: which CloudStack commands it serves, and by which handler. */
import type { Args } from './args.ts';
import type { ApiContext, Handler } from './context.ts';
import { unknownCommand } from './failure.ts';
import { listConfigurations, updateConfiguration } from './handlers-config.ts';
import {
  listAccounts,
  listCapabilities,
  listCapacity,
  listClusters,
  listDomains,
  listHosts,
  listServiceOfferings,
  listZones,
} from './handlers-infra.ts';
import { listAlerts, listEvents } from './handlers-signals.ts';
import { listStoragePools, listVolumes, migrateVolume } from './handlers-storage.ts';
import { findHostsForMigration, migrateVirtualMachine, scaleVirtualMachine } from './handlers-vm-moves.ts';
import {
  listVirtualMachines,
  queryAsyncJobResult,
  rebootVirtualMachine,
  startVirtualMachine,
  stopVirtualMachine,
} from './handlers-vms.ts';

export const COMMANDS: Record<string, Handler> = {
  listCapabilities,
  listZones,
  listClusters,
  listHosts,
  listServiceOfferings,
  listCapacity,
  listStoragePools,
  listVirtualMachines,
  listConfigurations,
  updateConfiguration,
  startVirtualMachine,
  stopVirtualMachine,
  rebootVirtualMachine,
  queryAsyncJobResult,
  findHostsForMigration,
  migrateVirtualMachine,
  scaleVirtualMachine,
  listVolumes,
  migrateVolume,
  listDomains,
  listAccounts,
  listAlerts,
  listEvents,
};

/** Commands that change the world: every call is recorded in the world's mutation log. */
export const MUTATING_COMMANDS = new Set([
  'updateConfiguration',
  'startVirtualMachine',
  'stopVirtualMachine',
  'rebootVirtualMachine',
  'migrateVirtualMachine',
  'scaleVirtualMachine',
  'migrateVolume',
]);

/** Like CloudStack, command names match exactly; anything else is 432. */
export function dispatch(command: string, args: Args, ctx: ApiContext): Record<string, unknown> {
  const handler = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!handler) throw unknownCommand();
  return handler(command, args, ctx);
}
