/**
 * Primary storage as the lab serves it: one NFS pool per storage pair, each VM's ROOT volume on one of them, and
 * migrateVolume moving a volume between pools with the checks CloudStack's VolumeApiServiceImpl makes.
 */
import type { StoragePairSpec } from '../scenario.ts';
import type { LabVolume, LabWorld } from '../world.ts';
import { labUuid } from '../world.ts';
import { type Args, paged, required } from './args.ts';
import type { Handler } from './context.ts';
import { ApiFailure, CS_CLOUD_RUNTIME, CS_INVALID_PARAMETER, invalidParam } from './failure.ts';

const GiB = 1024 ** 3;

export const poolId = (pair: string): string => labUuid('pool', pair);
export const poolName = (pair: string): string => `primary-${pair}`;

export function poolView(w: LabWorld, p: StoragePairSpec) {
  const zone = w.zones[0];
  return {
    id: poolId(p.name),
    name: poolName(p.name),
    type: 'NetworkFilesystem',
    state: p.pool.state,
    scope: 'ZONE',
    ipaddress: p.name,
    path: '/export/primary',
    zoneid: zone?.id,
    zonename: zone?.name,
    provider: 'DefaultPrimary',
    disksizetotal: p.pool.totalGiB * GiB,
    disksizeallocated: w.poolAllocatedBytes(p),
    disksizeused: p.pool.usedGiB * GiB,
    overprovisionfactor: '2.0',
  };
}

export function volumeView(w: LabWorld, v: LabVolume) {
  const zone = w.zones[0];
  return {
    id: v.id,
    name: v.name,
    zoneid: zone?.id,
    zonename: zone?.name,
    type: 'ROOT',
    deviceid: 0,
    virtualmachineid: v.vm.id,
    vmname: v.vm.name,
    vmdisplayname: v.vm.spec.displayName ?? v.vm.name,
    vmstate: v.vm.state,
    provisioningtype: 'thin',
    size: v.sizeBytes,
    storagetype: 'shared',
    hypervisor: 'KVM',
    state: 'Ready',
    path: v.id,
    ...(v.pair ? { storageid: poolId(v.pair), storage: poolName(v.pair) } : {}),
  };
}

/** One NFS primary storage per DRBD pair, served by the pair's floating address. */
export const listStoragePools: Handler = (cmd, a, { world }) => {
  const pools = world.storagePairs
    .map((p) => poolView(world, p))
    .filter(
      (p) =>
        (!a.id || p.id === a.id) && (!a.zoneid || p.zoneid === a.zoneid) && (!a.name || p.name === a.name),
    );
  return paged(cmd, a, 'storagepool', pools);
};

export const listVolumes: Handler = (cmd, a: Args, { world }) => {
  const vols = world.volumes
    .filter(
      (v) =>
        (!a.id || v.id === a.id) &&
        (!a.virtualmachineid || v.vm.id === a.virtualmachineid) &&
        (!a.storageid || (v.pair !== undefined && poolId(v.pair) === a.storageid)) &&
        (!a.type || a.type === 'ROOT'),
    )
    .map((v) => volumeView(world, v));
  return paged(cmd, a, 'volume', vols);
};

const invalid = (text: string) => new ApiFailure(431, CS_INVALID_PARAMETER, text);

/**
 * migrateVolume is async: ids are resolved at once (bad ones are a 431 answer), every other check happens in
 * the job, as in CloudStack, so a refusal is a failed job. A volume of a Running KVM VM is refused: CloudStack
 * only moves it together with the VM (migrateVirtualMachineWithVolume).
 */
export const migrateVolume: Handler = (cmd, a, { world, jobs }) => {
  const volId = required(cmd, a, 'volumeid');
  const vol = world.volumes.find((v) => v.id === volId);
  if (!vol) throw invalidParam(cmd, 'volumeid', volId);
  const storageId = required(cmd, a, 'storageid');
  const dest = world.storagePairs.find((p) => poolId(p.name) === storageId);
  if (!dest) throw invalidParam(cmd, 'storageid', storageId);
  const jobid = jobs.submit(cmd, vol.id, () => {
    if (vol.vm.state === 'Running')
      throw invalid(
        "KVM does not support volume live migration due to the limited possibility to refresh VM XML domain. Therefore, to live migrate a volume between storage pools, one must migrate the VM to a different host as well to force the VM XML domain update. Use 'migrateVirtualMachineWithVolumes' instead.",
      );
    if (dest.pool.state === 'Maintenance' || dest.pool.state === 'PrepareForMaintenance')
      throw invalid(
        `Cannot migrate volume ${vol.name} to the destination storage pool ${poolName(dest.name)} as the storage pool is in maintenance mode.`,
      );
    if (dest.pool.state !== 'Up' || vol.pair === dest.name)
      throw new ApiFailure(
        530,
        CS_CLOUD_RUNTIME,
        `Storage pool ${poolName(dest.name)} is not suitable to migrate volume ${vol.name}`,
      );
    if (world.poolAllocatedBytes(dest) + vol.sizeBytes > dest.pool.totalGiB * GiB)
      throw new ApiFailure(
        530,
        CS_CLOUD_RUNTIME,
        `Storage pool ${poolName(dest.name)} does not have enough space to migrate volume ${vol.name}`,
      );
    world.moveVolume(vol, dest.name);
    return { volume: volumeView(world, vol) };
  });
  return { id: vol.id, jobid };
};
