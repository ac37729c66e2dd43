/**
 * Reads, per cluster, the two keys that decide whether CloudStack boots VMs below their offering:
 * the cluster's memory overcommit ratio and the effective vm.min.memory… value, each compared with global.
 */
import type { ToolContext } from '../context.ts';
import { apiCall } from '../remote.ts';

export const MIN_MEMORY_KEY = 'vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor';
export const MEM_FACTOR_KEY = 'mem.overprovisioning.factor';

export interface ClusterMemorySettings {
  clusterId: string;
  cluster: string;
  ratio: number;
  divideByRatio: boolean;
  /** The vm.min.memory… value differs from the global one: a cluster-scope override. */
  divideOverridden: boolean;
  globalDivide: boolean;
  globalRatio: number;
}

async function configValue(ctx: ToolContext, name: string, clusterid?: string): Promise<string | undefined> {
  const rows = await apiCall(
    ctx,
    `listConfigurations name=${name}${clusterid ? ` clusterid=${clusterid}` : ''}`,
    () => ctx.api.listConfigurations({ name, ...(clusterid ? { clusterid } : {}) }),
  );
  return rows.find((r) => r.name === name)?.value;
}

export async function readClusterMemorySettings(
  ctx: ToolContext,
  clusters: { id: string; name: string }[],
): Promise<ClusterMemorySettings[]> {
  const [gDivide, gRatio] = await Promise.all([
    configValue(ctx, MIN_MEMORY_KEY),
    configValue(ctx, MEM_FACTOR_KEY),
  ]);
  const globalDivide = (gDivide ?? 'true') === 'true';
  const globalRatio = Number(gRatio ?? '1');
  return Promise.all(
    clusters.map(async (c) => {
      const [divide, ratio] = await Promise.all([
        configValue(ctx, MIN_MEMORY_KEY, c.id),
        configValue(ctx, MEM_FACTOR_KEY, c.id),
      ]);
      const divideByRatio = (divide ?? String(globalDivide)) === 'true';
      return {
        clusterId: c.id,
        cluster: c.name,
        ratio: Number(ratio ?? globalRatio),
        divideByRatio,
        divideOverridden: divideByRatio !== globalDivide,
        globalDivide,
        globalRatio,
      };
    }),
  );
}
