/** Raw mysql2 rows → the typed shapes of types.ts; the only place that knows column names and unit quirks. */
import type {
  ConfigOverride,
  ConfigurationRow,
  OverrideScope,
  RunningVmMemoryRow,
  ServiceOfferingRow,
} from './types.ts';

export type Raw = Record<string, unknown>;

/** ConfigKey.Scope bits, as 4.21's migrateConfigurationScopeToBitmask writes them. */
const SCOPE_BITS: [number, string][] = [
  [1, 'Global'],
  [2, 'Zone'],
  [4, 'Cluster'],
  [8, 'StoragePool'],
  [16, 'ManagementServer'],
  [32, 'ImageStore'],
  [64, 'Domain'],
  [128, 'Account'],
];

export function decodeScope(raw: unknown, bitmask: boolean): string[] {
  if (raw === null || raw === undefined || raw === '') return [];
  if (!bitmask) return [String(raw)];
  const n = Number(raw);
  return SCOPE_BITS.filter(([bit]) => (n & bit) !== 0).map(([, name]) => name);
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};
const bool = (v: unknown): boolean => v === 1 || v === '1' || v === true;

export function toConfigurationRow(r: Raw, bitmask: boolean): ConfigurationRow {
  return {
    name: String(r.name),
    value: str(r.value),
    defaultValue: str(r.default_value),
    scopes: decodeScope(r.scope, bitmask),
    isDynamic: bool(r.is_dynamic),
    description: str(r.description),
    category: String(r.category ?? ''),
    updated: str(r.updated),
  };
}

export function toOverride(r: Raw): ConfigOverride {
  const id = Number(r.scope_id);
  return {
    scope: String(r.scope) as OverrideScope,
    scopeId: id,
    scopeUuid: str(r.scope_uuid),
    scopeName: str(r.scope_name) ?? String(id),
    detailName: String(r.name),
    value: String(r.value),
  };
}

export function toRunningVm(r: Raw): RunningVmMemoryRow {
  return {
    instanceName: String(r.instance_name),
    vmUuid: str(r.vm_uuid),
    vmName: String(r.vm_name),
    displayName: str(r.display_name),
    hostName: str(r.host_name),
    hostUuid: str(r.host_uuid),
    clusterName: str(r.cluster_name),
    clusterUuid: str(r.cluster_uuid),
    offeringName: String(r.offering_name),
    offeringRamMiB: num(r.offering_mib),
    customMemoryMiB: num(r.custom_mib),
    memoryOvercommitRatio: num(r.vm_ratio),
    clusterMemoryOvercommitRatio: num(r.cluster_ratio),
  };
}

export function toServiceOffering(r: Raw): ServiceOfferingRow {
  return {
    id: Number(r.id),
    uuid: str(r.uuid),
    name: String(r.name),
    cpu: num(r.cpu),
    speedMHz: num(r.speed),
    ramSizeMiB: num(r.ram_size),
    customized: bool(r.customized),
    dynamicScalingEnabled: bool(r.dynamic_scaling_enabled),
    state: String(r.state ?? ''),
  };
}
