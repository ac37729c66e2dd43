/** The lab's command table: which CloudStack commands it serves, and by which handler. */
import type { Args } from './args.ts';
import type { ApiContext, Handler } from './context.ts';
import { unknownCommand } from './failure.ts';
import { listConfigurations, updateConfiguration } from './handlers-config.ts';
import {
  listCapabilities,
  listCapacity,
  listClusters,
  listHosts,
  listServiceOfferings,
  listStoragePools,
  listZones,
} from './handlers-infra.ts';
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
};

/** Like CloudStack, command names match exactly; anything else is 432. */
export function dispatch(command: string, args: Args, ctx: ApiContext): Record<string, unknown> {
  const handler = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!handler) throw unknownCommand();
  return handler(command, args, ctx);
}
