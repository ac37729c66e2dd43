/** Live migration (and where to), and scaling to another offering: the lab's side of the bot's VM actions. */
import type { LabHost, LabVm, LabWorld } from '../world.ts';
import { hostArg, paged, required, vmArg } from './args.ts';
import type { Handler } from './context.ts';
import { ApiFailure, CS_INSUFFICIENT_CAPACITY, CS_INVALID_PARAMETER, invalidParam } from './failure.ts';
import { hostCapacity, hostView, vmView } from './views.ts';

const MiB = 1024 * 1024;

const fits = (w: LabWorld, h: LabHost, vm: LabVm): boolean => {
  const cap = hostCapacity(w, h);
  return cap.memAllocated + vm.offering.memoryMiB * MiB <= cap.memTotal;
};

/** KVM live migration stays in the VM's cluster; hosts of other clusters would need storage motion. */
export const findHostsForMigration: Handler = (cmd, a, { world }) => {
  const vm = vmArg(world, cmd, required(cmd, a, 'virtualmachineid'));
  if (vm.state !== 'Running')
    throw new ApiFailure(431, CS_INVALID_PARAMETER, `VM is not Running, cannot migrate the VM ${vm.id}`);
  const hosts = world.hosts
    .filter((h) => h !== vm.host && h.cluster.zone === vm.host.cluster.zone)
    .map((h) => {
      const storageMotion = h.cluster !== vm.host.cluster;
      const enough = fits(world, h, vm);
      return {
        ...hostView(world, h),
        requiresStorageMotion: storageMotion,
        hasenoughcapacity: enough,
        suitableformigration: enough && !storageMotion,
      };
    });
  return paged(cmd, a, 'host', hosts);
};

export const migrateVirtualMachine: Handler = (cmd, a, { world, jobs }) => {
  const vm = vmArg(world, cmd, required(cmd, a, 'virtualmachineid'));
  const to = hostArg(world, cmd, required(cmd, a, 'hostid'));
  const jobid = jobs.submit(cmd, vm.id, () => {
    if (vm.state !== 'Running')
      throw new ApiFailure(431, CS_INVALID_PARAMETER, `VM is not Running, unable to migrate the vm ${vm.id}`);
    if (to === vm.host)
      throw new ApiFailure(
        431,
        CS_INVALID_PARAMETER,
        'Cannot migrate VM, destination host is same as current host',
      );
    if (to.cluster !== vm.host.cluster)
      throw new ApiFailure(
        431,
        CS_INVALID_PARAMETER,
        'Cannot migrate VM, destination host is not in the same cluster as current host',
      );
    if (!fits(world, to, vm))
      throw new ApiFailure(
        533,
        CS_INSUFFICIENT_CAPACITY,
        `Insufficient capacity on host ${to.name} to migrate VM ${vm.instanceName}`,
      );
    world.migrateVm(vm, to);
    return { virtualmachine: vmView(world, vm) };
  });
  return { id: vm.id, jobid };
};

/** Lab VMs are not dynamically scalable, so, as in CloudStack, only a stopped VM can change its offering. */
export const scaleVirtualMachine: Handler = (cmd, a, { world, jobs }) => {
  const vm = vmArg(world, cmd, required(cmd, a, 'id'));
  const offeringId = required(cmd, a, 'serviceofferingid');
  const offering = world.offerings.find((o) => o.id === offeringId);
  if (!offering) throw invalidParam(cmd, 'serviceofferingid', offeringId);
  const jobid = jobs.submit(cmd, vm.id, () => {
    if (vm.state === 'Running')
      throw new ApiFailure(
        431,
        CS_INVALID_PARAMETER,
        `Unable to scale VM ${vm.instanceName}: dynamic scaling is not enabled for it; stop the VM first`,
      );
    if (vm.offering.id === offering.id)
      throw new ApiFailure(
        431,
        CS_INVALID_PARAMETER,
        'Not scaling: the VM already has this service offering',
      );
    world.scaleVm(vm, offering);
    return { virtualmachine: vmView(world, vm) };
  });
  return { id: vm.id, jobid };
};
