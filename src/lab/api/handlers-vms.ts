/** listVirtualMachines and the async VM lifecycle commands, whose effects wait for the job to complete. */
import type { LabVm, LabWorld } from '../world.ts';
import { type Args, clusterArg, hostArg, like, paged, required, vmArg, zoneArg } from './args.ts';
import type { ApiContext, Handler } from './context.ts';
import { ApiFailure, CS_INSUFFICIENT_CAPACITY, CS_INVALID_PARAMETER, invalidParam } from './failure.ts';
import { hostCapacity, vmView } from './views.ts';

export const listVirtualMachines: Handler = (cmd, a, { world }) => {
  const zone = a.zoneid ? zoneArg(world, cmd, a.zoneid) : undefined;
  const cluster = a.clusterid ? clusterArg(world, cmd, a.clusterid) : undefined;
  const host = a.hostid ? hostArg(world, cmd, a.hostid) : undefined;
  const ids = a.ids?.split(',');
  const vms = world.vms.filter(
    (v) =>
      (!a.id || v.id === a.id) &&
      (!ids || ids.includes(v.id)) &&
      (!a.name || like(v.name, a.name)) &&
      (!a.keyword ||
        like(v.name, a.keyword) ||
        like(v.instanceName, a.keyword) ||
        like(v.spec.displayName ?? v.name, a.keyword) ||
        v.state.toLowerCase() === a.keyword.toLowerCase()) &&
      (!a.state || v.state.toLowerCase() === a.state.toLowerCase()) &&
      (!zone || v.host.cluster.zone === zone) &&
      (!cluster || v.host.cluster === cluster) &&
      // CloudStack clears host_id when a VM stops.
      (!host || (v.host === host && v.state === 'Running')),
  );
  return paged(
    cmd,
    a,
    'virtualmachine',
    vms.map((v) => vmView(world, v)),
  );
};

function startChecked(world: LabWorld, vm: LabVm): void {
  if (vm.state === 'Running') return;
  const cap = hostCapacity(world, vm.host);
  if (cap.memAllocated + vm.offering.memoryMiB * 1024 * 1024 > cap.memTotal)
    throw new ApiFailure(
      533,
      CS_INSUFFICIENT_CAPACITY,
      `Unable to create a deployment for VM[User|${vm.instanceName}]`,
    );
  world.startVm(vm);
}

/** Answers `{id, jobid}` now; `act` runs when the job completes. */
function lifecycle(command: string, a: Args, { world, jobs }: ApiContext, act: (vm: LabVm) => void) {
  const vm = vmArg(world, command, required(command, a, 'id'));
  const jobid = jobs.submit(command, vm.id, () => {
    act(vm);
    return { virtualmachine: vmView(world, vm) };
  });
  return { id: vm.id, jobid };
}

const forced = (cmd: string, a: Args): boolean => {
  if (a.forced !== undefined && a.forced !== 'true' && a.forced !== 'false')
    throw invalidParam(cmd, 'forced', a.forced);
  return a.forced === 'true';
};

/** With hostid the VM starts on that host (it must be in the VM's cluster), as DeploymentPlanner honours it. */
export const startVirtualMachine: Handler = (cmd, a, ctx) => {
  const host = a.hostid ? hostArg(ctx.world, cmd, a.hostid) : undefined;
  return lifecycle(cmd, a, ctx, (vm) => {
    if (host && vm.state !== 'Running') {
      if (host.cluster !== vm.host.cluster)
        throw new ApiFailure(
          431,
          CS_INVALID_PARAMETER,
          `Host ${host.name} is not in the cluster of VM ${vm.instanceName}`,
        );
      vm.host = host;
    }
    startChecked(ctx.world, vm);
  });
};

export const stopVirtualMachine: Handler = (cmd, a, ctx) => {
  forced(cmd, a);
  return lifecycle(cmd, a, ctx, (vm) => ctx.world.stopVm(vm));
};

/** Non-forced = ACPI reboot of the same domain, so its memory stays as sized at the last start. */
export const rebootVirtualMachine: Handler = (cmd, a, ctx) => {
  const hard = forced(cmd, a);
  return lifecycle(cmd, a, ctx, (vm) => {
    if (vm.state !== 'Running')
      throw new ApiFailure(
        431,
        CS_INVALID_PARAMETER,
        `Unable to reboot VM ${vm.instanceName}: it is not in Running state`,
      );
    if (hard) {
      ctx.world.stopVm(vm);
      startChecked(ctx.world, vm);
    }
  });
};

export const queryAsyncJobResult: Handler = (cmd, a, { jobs }) => {
  const id = required(cmd, a, 'jobid');
  const job = jobs.get(id);
  if (!job) throw invalidParam(cmd, 'jobid', id);
  return job;
};
