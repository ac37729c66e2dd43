/** capacity: memory total/allocated/used per host and cluster as CloudStack accounts it, overprovisioning applied. */
import { z } from 'zod';
import { OpsError } from '../../core/errors.ts';
import { tr } from '../../i18n/text.ts';
import { apiCall } from '../remote.ts';
import type { ToolDefinition } from '../types.ts';

export interface CapacityData {
  hosts: {
    host: string;
    cluster: string;
    totalBytes: number;
    allocatedBytes: number;
    usedBytes: number;
    state: string;
  }[];
  clusters: {
    cluster: string;
    totalBytes: number;
    allocatedBytes: number;
    percentUsed: number;
    overcommitRatio?: number;
  }[];
}

const input = z.object({
  cluster: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .optional(),
});
const gb = (b: number) => `${(b / 1073741824).toFixed(1)} GiB`;

export const capacity: ToolDefinition<typeof input, CapacityData> = {
  name: 'capacity',
  title: { en: 'Capacity', ja: 'キャパシティ' },
  description:
    'Shows memory capacity per KVM host and per cluster as CloudStack accounts it (listHosts/listCapacity): total (physical RAM × memory overprovisioning factor), allocated to VMs, and used.',
  input,
  risk: 'read',
  async run({ cluster }, ctx) {
    const [hosts, clusters] = await Promise.all([
      apiCall(ctx, 'listHosts details=capacity', () =>
        ctx.api.listHosts({ type: 'Routing', details: 'capacity' }),
      ),
      apiCall(ctx, 'listClusters', () => ctx.api.listClusters()),
    ]);
    const selected = clusters.filter((c) => !cluster || c.name === cluster);
    if (cluster && selected.length === 0)
      throw new OpsError(
        'invalid_argument',
        `no cluster "${cluster}" (clusters: ${clusters.map((c) => c.name).join(', ')})`,
      );
    const caps = await Promise.all(
      selected.map((c) =>
        apiCall(ctx, `listCapacity clusterid=${c.id} type=0`, () =>
          ctx.api.listCapacity({ clusterid: c.id, type: 0 }),
        ).then((r) => ({ c, r })),
      ),
    );
    const data: CapacityData = {
      hosts: hosts
        .filter((h) => !cluster || h.clustername === cluster)
        .map((h) => ({
          host: h.name,
          cluster: h.clustername ?? '',
          totalBytes: Number(h.memorytotal ?? 0),
          allocatedBytes: Number(h.memoryallocated ?? 0),
          usedBytes: Number(h.memoryused ?? 0),
          state: h.state ?? '',
        })),
      clusters: caps.map(({ c, r }) => {
        const m = r.find((x) => Number(x.type) === 0);
        return {
          cluster: c.name,
          totalBytes: Number(m?.capacitytotal ?? 0),
          allocatedBytes: Number(m?.capacityused ?? 0),
          percentUsed: Number(m?.percentused ?? 0),
        };
      }),
    };
    const summary = data.clusters
      .map((c) =>
        tr(
          ctx.lang,
          `cluster ${c.cluster}: ${gb(c.allocatedBytes)} of ${gb(c.totalBytes)} memory allocated (${c.percentUsed}%)`,
          `クラスター ${c.cluster}: メモリ ${gb(c.totalBytes)} 中 ${gb(c.allocatedBytes)} 割り当て済み（${c.percentUsed}%）`,
        ),
      )
      .join('\n');
    return {
      status: data.hosts.length ? 'ok' : 'no_data',
      // Over 100% means more memory is promised than exists (over-provisioning); 90% leaves little headroom.
      ...(data.clusters.some((c) => c.percentUsed > 100)
        ? { severity: 'problem' as const }
        : data.clusters.some((c) => c.percentUsed >= 90)
          ? { severity: 'warning' as const }
          : {}),
      data,
      summary: summary || tr(ctx.lang, 'No clusters.', 'クラスターがありません。'),
    };
  },
  table(data, lang) {
    const rows = data.hosts.map((h) => [
      h.host,
      h.cluster,
      gb(h.totalBytes),
      gb(h.allocatedBytes),
      gb(h.usedBytes),
      h.state,
    ]);
    return {
      header: tr(
        lang,
        'host|cluster|total (×factor)|allocated|used|state',
        'ホスト|クラスター|合計(×係数)|割当|使用|状態',
      ).split('|'),
      rows,
    };
  },
};
