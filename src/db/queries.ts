/**
 * Every SQL statement the door may run, as constants or builders. Identifiers come only from the fixed
 * lists below (chosen by schema detection), values only through `?` placeholders: no SQL text from outside.
 */
import { lookupTable } from '../core/lookup-table.ts';
import type { SchemaFeatures } from './types.ts';

/** Tables whose presence changes which queries we can run. */
export const OPTIONAL_TABLES = [
  'user_vm_details',
  'vm_instance_details',
  'cluster',
  'cluster_details',
  'data_center',
  'data_center_details',
  'account',
  'account_details',
  'domain',
  'domain_details',
] as const;

export const DETECT_TABLES = `SELECT TABLE_NAME AS t FROM information_schema.TABLES
 WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (${OPTIONAL_TABLES.map(() => '?').join(', ')})`;

export const DETECT_SCOPE_TYPE = `SELECT DATA_TYPE AS t FROM information_schema.COLUMNS
 WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'configuration' AND COLUMN_NAME = 'scope'`;

export const PING = 'SELECT VERSION() AS version';

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

const CONFIG_COLUMNS = 'name, value, default_value, scope, is_dynamic, description, category, updated';

export const configurationByNames = (n: number) =>
  `SELECT ${CONFIG_COLUMNS} FROM configuration WHERE name IN (${placeholders(n)}) ORDER BY name`;

/** `!` is the LIKE escape so the pattern never depends on NO_BACKSLASH_ESCAPES. */
export const SEARCH_CONFIGURATION = `SELECT ${CONFIG_COLUMNS} FROM configuration
 WHERE name LIKE ? ESCAPE '!' OR description LIKE ? ESCAPE '!' ORDER BY name LIMIT 50`;

export const escapeLike = (s: string) => s.replace(/[!%_]/g, (c) => `!${c}`);

interface OverrideSource {
  scope: 'cluster' | 'zone' | 'account' | 'domain';
  details: string;
  fk: string;
  owner: string;
  ownerName: string;
}

const OVERRIDE_SOURCES: OverrideSource[] = [
  { scope: 'cluster', details: 'cluster_details', fk: 'cluster_id', owner: 'cluster', ownerName: 'name' },
  { scope: 'zone', details: 'data_center_details', fk: 'dc_id', owner: 'data_center', ownerName: 'name' },
  {
    scope: 'account',
    details: 'account_details',
    fk: 'account_id',
    owner: 'account',
    ownerName: 'account_name',
  },
  { scope: 'domain', details: 'domain_details', fk: 'domain_id', owner: 'domain', ownerName: 'name' },
];

/**
 * One UNION over every *_details table the schema has, for `n` detail names. Owner names come from a
 * LEFT JOIN when the owner table exists, so a trimmed schema still yields the override (by id).
 */
export function overridesByNames(f: SchemaFeatures, n: number): { sql: string; sources: number } | null {
  const parts: string[] = [];
  for (const s of OVERRIDE_SOURCES) {
    if (!f.tables.has(s.details)) continue;
    const joined = f.tables.has(s.owner);
    const owner = joined
      ? `o.${s.ownerName} AS scope_name, o.uuid AS scope_uuid FROM ${s.details} d LEFT JOIN ${s.owner} o ON o.id = d.${s.fk}`
      : `NULL AS scope_name, NULL AS scope_uuid FROM ${s.details} d`;
    parts.push(
      `SELECT '${s.scope}' AS scope, d.${s.fk} AS scope_id, d.name, d.value, ${owner} WHERE d.name IN (${placeholders(n)})`,
    );
  }
  if (parts.length === 0) return null;
  return {
    sql: `${parts.join('\nUNION ALL\n')}\nORDER BY scope, scope_name, scope_id`,
    sources: parts.length,
  };
}

/** cluster_details stores the two overcommit factors under other names (ClusterDetailsDaoImpl). */
export const CLUSTER_DETAIL_ALIASES: Readonly<Record<string, string>> = lookupTable({
  'mem.overprovisioning.factor': 'memoryOvercommitRatio',
  'cpu.overprovisioning.factor': 'cpuOvercommitRatio',
});

/** Running user VMs with offering RAM, the custom `memory` detail and both overcommit ratios (facts §1.4). */
export function runningVmMemory(f: SchemaFeatures): string {
  const det = f.vmDetailsTable;
  const hasCluster = f.tables.has('cluster');
  const hasClusterDetails = f.tables.has('cluster_details');
  return `SELECT v.instance_name, v.uuid AS vm_uuid, v.name AS vm_name, v.display_name,
  h.name AS host_name, h.uuid AS host_uuid,
  ${hasCluster ? 'c.name AS cluster_name, c.uuid AS cluster_uuid' : 'NULL AS cluster_name, NULL AS cluster_uuid'},
  so.name AS offering_name, so.ram_size AS offering_mib, dm.value AS custom_mib, dr.value AS vm_ratio,
  ${hasClusterDetails ? 'cd.value' : 'NULL'} AS cluster_ratio
 FROM vm_instance v
 JOIN service_offering so ON so.id = v.service_offering_id
 LEFT JOIN host h ON h.id = v.host_id
 ${hasCluster ? 'LEFT JOIN cluster c ON c.id = h.cluster_id' : ''}
 ${hasClusterDetails ? "LEFT JOIN cluster_details cd ON cd.cluster_id = h.cluster_id AND cd.name = 'memoryOvercommitRatio'" : ''}
 LEFT JOIN ${det} dm ON dm.vm_id = v.id AND dm.name = 'memory'
 LEFT JOIN ${det} dr ON dr.vm_id = v.id AND dr.name = 'memoryOvercommitRatio'
 WHERE v.removed IS NULL AND v.type = 'User' AND v.state = 'Running'
 ORDER BY h.name, v.instance_name`;
}

export const SERVICE_OFFERINGS = `SELECT id, uuid, name, cpu, speed, ram_size, customized, dynamic_scaling_enabled, state
 FROM service_offering WHERE removed IS NULL AND system_use = 0 ORDER BY name`;
