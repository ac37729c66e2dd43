/**
 * Reads, per cluster, the two keys that decide whether CloudStack boots VMs below their offering:
 * the cluster's memory overcommit ratio and the effective vm.min.memory… value, and whether that value is a
 * cluster-scope override. Through the API an override is only visible when it differs from the global value;
 * with the read-only DB configured, the cluster_details rows say so exactly.
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
  /** The vm.min.memory… value is set at cluster scope (a cluster_details row, or a value unlike global). */
  divideOverridden: boolean;
  /** How the override was established: exactly from the DB, or only by difference through the API. */
  overrideSource: 'database' | 'api-difference';
  /** Global vm.min.memory… value; undefined when CloudStack has no such key (before 4.16: always divides). */
  globalDivide: boolean | undefined;
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

/** Cluster names that have a cluster_details row for the key, when the DB door is configured. */
async function clusterOverridesFromDb(ctx: ToolContext): Promise<Set<string> | undefined> {
  if (!ctx.db) return undefined;
  const t0 = Date.now();
  try {
    const [report] = await ctx.db.configurationScopes([MIN_MEMORY_KEY]);
    ctx.record({
      target: 'database',
      what: `cluster_details of ${MIN_MEMORY_KEY}`,
      ok: true,
      durationMs: Date.now() - t0,
    });
    return new Set((report?.overrides ?? []).filter((o) => o.scope === 'cluster').map((o) => o.scopeName));
  } catch (e) {
    ctx.record({
      target: 'database',
      what: `cluster_details of ${MIN_MEMORY_KEY}`,
      ok: false,
      durationMs: Date.now() - t0,
      error: String(e),
    });
    return undefined;
  }
}

export async function readClusterMemorySettings(
  ctx: ToolContext,
  clusters: { id: string; name: string }[],
): Promise<ClusterMemorySettings[]> {
  const [gDivide, gRatio, dbOverrides] = await Promise.all([
    configValue(ctx, MIN_MEMORY_KEY),
    configValue(ctx, MEM_FACTOR_KEY),
    clusterOverridesFromDb(ctx),
  ]);
  const globalDivide = gDivide === undefined ? undefined : gDivide === 'true';
  const globalRatio = Number(gRatio ?? '1');
  return Promise.all(
    clusters.map(async (c) => {
      const [divide, ratio] = await Promise.all([
        globalDivide === undefined ? Promise.resolve(undefined) : configValue(ctx, MIN_MEMORY_KEY, c.id),
        configValue(ctx, MEM_FACTOR_KEY, c.id),
      ]);
      // Without the key (CloudStack < 4.16) the division is unconditional.
      const divideByRatio = globalDivide === undefined ? true : (divide ?? String(globalDivide)) === 'true';
      return {
        clusterId: c.id,
        cluster: c.name,
        ratio: Number(ratio ?? globalRatio),
        divideByRatio,
        divideOverridden: dbOverrides
          ? dbOverrides.has(c.name)
          : globalDivide !== undefined && divideByRatio !== globalDivide,
        overrideSource: dbOverrides ? 'database' : 'api-difference',
        globalDivide,
        globalRatio,
      };
    }),
  );
}
