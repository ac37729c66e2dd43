/**
 * Primary storage pools and volumes by what an operator or a plan names them (exact pool name, volume name or
 * UUID), the free room CloudStack accounts on a pool, and byte sizes as people read them. Shared by the
 * storage_pools tool, the migrate_volume action and the storage-move runbook.
 */
import type { StoragePool, Volume } from '../../cloudstack/types.ts';
import type { StoragePair } from '../../config/schema.ts';
import { OpsError } from '../../core/errors.ts';
import type { ToolContext } from '../context.ts';
import { apiCall } from '../remote.ts';

/** Pool and volume names as CloudStack allows them, minus spaces and anything a card could misread. */
export const storageNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "1.5 TiB", "20 GiB": binary units, as CloudStack's UI shows storage. */
export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = n;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < units.length - 1) {
    v /= 1024;
    u += 1;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[u]}`;
}

/** Room CloudStack still accounts on the pool: disksizetotal − disksizeallocated (never below zero). */
export const poolFree = (p: StoragePool): number =>
  Math.max(0, Number(p.disksizetotal ?? 0) - Number(p.disksizeallocated ?? 0));

/** Allocated share in percent (0 when the pool reports no size). */
export const poolAllocatedPercent = (p: StoragePool): number => {
  const total = Number(p.disksizetotal ?? 0);
  return total > 0 ? (Number(p.disksizeallocated ?? 0) / total) * 100 : 0;
};

export const poolAddress = (p: StoragePool): string => `${p.ipaddress ?? '?'}:${p.path ?? '?'}`;

/** A primary storage pool by exact name or id (listStoragePools name= is exact, but ids are accepted too). */
export async function poolByName(ctx: ToolContext, name: string): Promise<StoragePool> {
  const pools = await apiCall(ctx, 'listStoragePools', () => ctx.api.listStoragePools());
  const p = pools.find((x) => x.name === name || x.id === name);
  if (!p)
    throw new OpsError(
      'invalid_argument',
      `no primary storage pool "${name}" in ${ctx.env.name} (pools: ${pools.map((x) => x.name).join(', ') || 'none'})`,
    );
  return p;
}

/** A volume by UUID, or by name when exactly one volume has it (ROOT-31 may exist once per account). */
export async function volumeByName(ctx: ToolContext, name: string): Promise<Volume> {
  if (UUID.test(name)) {
    const [v] = await apiCall(ctx, `listVolumes id=${name}`, () => ctx.api.listVolumes({ id: name }));
    if (v) return v;
  }
  const all = await apiCall(ctx, 'listVolumes', () => ctx.api.listVolumes());
  const hits = all.filter((v) => v.name === name || v.id === name);
  if (hits.length === 1 && hits[0]) return hits[0];
  if (hits.length > 1)
    throw new OpsError(
      'invalid_argument',
      `${hits.length} volumes are named "${name}" in ${ctx.env.name}: name it by its UUID (${hits.map((v) => v.id).join(', ')})`,
    );
  throw new OpsError('invalid_argument', `no volume "${name}" in ${ctx.env.name}`);
}

/** A primary storage pool belongs to the pair whose name (or a node's) is the pool's address or name. */
export function pairOfPool(pairs: StoragePair[], pool: StoragePool | undefined): StoragePair | undefined {
  const hit = pairs.find(
    (p) =>
      pool &&
      (p.name === pool.ipaddress || p.name === pool.name || p.nodes.some((n) => n === pool.ipaddress)),
  );
  // With one pair configured, it holds the cloud's primary storage whatever the pool's address says.
  return hit ?? (pairs.length === 1 ? pairs[0] : undefined);
}
