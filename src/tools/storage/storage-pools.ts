/**
 * storage_pools: every primary storage pool as CloudStack accounts it — address, state, size/allocated/used —
 * with the volumes and VMs on it and the DRBD pair that serves it, flagging a pool that is not Up or is over
 * 90% allocated (CloudStack stops placing volumes near its allocation threshold).
 */
import { z } from 'zod';
import { tr } from '../../i18n/text.ts';
import { apiCall } from '../remote.ts';
import type { ToolDefinition } from '../types.ts';
import {
  bytes,
  pairOfPool,
  poolAddress,
  poolAllocatedPercent,
  storageNamePattern,
} from './primary-storage.ts';

export interface PoolVolume {
  name: string;
  id: string;
  vm?: string;
  vmState?: string;
  sizeBytes: number;
}

export interface PoolInfo {
  name: string;
  id: string;
  address: string;
  state: string;
  totalBytes: number;
  allocatedBytes: number;
  usedBytes: number;
  allocatedPercent: number;
  volumes: PoolVolume[];
  vms: string[];
  /** The storagePairs entry serving it, when the config says. */
  pair?: string;
  /** What is wrong with it, empty when nothing. */
  problems: string[];
}

export interface StoragePoolsData {
  pools: PoolInfo[];
}

/** Over this share allocated, a pool is flagged (CloudStack's own disable threshold defaults to 85%). */
export const POOL_ALLOCATED_LIMIT = 90;

const input = z.object({
  pool: z.string().regex(storageNamePattern).optional().describe('one pool by name; all when omitted'),
});

export const storagePools: ToolDefinition<typeof input, StoragePoolsData> = {
  name: 'storage_pools',
  title: { en: 'Primary storage pools', ja: 'プライマリストレージ' },
  description:
    'Lists every primary storage pool (listStoragePools, listVolumes): NFS address/path, state, size, allocated and used, the volumes and VMs on it, and which DRBD pair serves it. Flags a pool that is not Up or over 90% allocated. Use it before moving volumes between pools.',
  input,
  risk: 'read',
  async run({ pool }, ctx) {
    const lang = ctx.lang;
    const [pools, volumes] = await Promise.all([
      apiCall(ctx, 'listStoragePools', () => ctx.api.listStoragePools()),
      apiCall(ctx, 'listVolumes', () => ctx.api.listVolumes()),
    ]);
    const byPool = new Map<string, PoolVolume[]>();
    for (const v of volumes) {
      if (!v.storageid) continue;
      const list = byPool.get(v.storageid) ?? [];
      list.push({
        name: v.name,
        id: v.id,
        ...(v.vmname ? { vm: v.vmname } : {}),
        ...(v.vmstate ? { vmState: v.vmstate } : {}),
        sizeBytes: Number(v.size ?? 0),
      });
      byPool.set(v.storageid, list);
    }
    const data: StoragePoolsData = {
      pools: pools
        .filter((p) => !pool || p.name === pool)
        .map((p): PoolInfo => {
          const vols = byPool.get(p.id) ?? [];
          const pct = poolAllocatedPercent(p);
          const state = p.state ?? 'unknown';
          const problems: string[] = [];
          if (state !== 'Up')
            problems.push(
              tr(lang, `${p.name} is ${state}, not Up`, `${p.name} は ${state}（Up ではありません）`),
            );
          if (pct > POOL_ALLOCATED_LIMIT)
            problems.push(
              tr(
                lang,
                `${p.name} is ${pct.toFixed(1)}% allocated (${bytes(Number(p.disksizeallocated ?? 0))} of ${bytes(Number(p.disksizetotal ?? 0))})`,
                `${p.name} は ${pct.toFixed(1)}% 割り当て済み（${bytes(Number(p.disksizetotal ?? 0))} 中 ${bytes(Number(p.disksizeallocated ?? 0))}）`,
              ),
            );
          const pair = pairOfPool(ctx.env.storagePairs, p);
          return {
            name: p.name,
            id: p.id,
            address: poolAddress(p),
            state,
            totalBytes: Number(p.disksizetotal ?? 0),
            allocatedBytes: Number(p.disksizeallocated ?? 0),
            usedBytes: Number(p.disksizeused ?? 0),
            allocatedPercent: Math.round(pct * 10) / 10,
            volumes: vols,
            vms: [...new Set(vols.flatMap((v) => (v.vm ? [v.vm] : [])))].sort(),
            ...(pair ? { pair: pair.name } : {}),
            problems,
          };
        }),
    };
    const problems = data.pools.flatMap((p) => p.problems);
    const line = (p: PoolInfo) =>
      tr(
        lang,
        `${p.name} (${p.address}) ${p.state}: ${p.allocatedPercent}% allocated, ${p.volumes.length} volume(s), VMs: ${p.vms.join(', ') || 'none'}${p.pair ? `, DRBD pair ${p.pair}` : ''}`,
        `${p.name}（${p.address}）${p.state}: ${p.allocatedPercent}% 割り当て済み、ボリューム ${p.volumes.length} 個、VM: ${p.vms.join(', ') || 'なし'}${p.pair ? `、DRBD ペア ${p.pair}` : ''}`,
      );
    return {
      status: data.pools.length ? 'ok' : 'no_data',
      severity: problems.length ? 'warning' : 'ok',
      data,
      summary: data.pools.length
        ? [...problems, ...data.pools.map(line)].join('\n')
        : tr(lang, 'No primary storage pools.', 'プライマリストレージがありません。'),
    };
  },
  table(data, lang) {
    return {
      header: tr(
        lang,
        'pool|address|state|size|allocated|used|volumes|VMs|DRBD pair',
        'プール|アドレス|状態|サイズ|割当|使用|ボリューム|VM|DRBD ペア',
      ).split('|'),
      rows: data.pools.map((p) => [
        p.name,
        p.address,
        p.state,
        bytes(p.totalBytes),
        `${bytes(p.allocatedBytes)} (${p.allocatedPercent}%)`,
        bytes(p.usedBytes),
        String(p.volumes.length),
        p.vms.join(', '),
        p.pair ?? '',
      ]),
    };
  },
};
