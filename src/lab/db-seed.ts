/**
 * LAB ONLY (needs write rights): loads the CloudStack schema subset into a scratch database and mirrors a
 * LabWorld into it, so the read-only DB door reads the same zones, clusters, hosts and VMs the lab API and
 * SSH hosts serve. Seeding is idempotent (delete + insert) so the lab can re-seed after updateConfiguration.
 */
import type { Connection } from 'mysql2/promise';
import { settingInfo } from './settings-catalog.ts';
import { type LabWorld, labUuid } from './world.ts';

/**
 * The subset references `cluster` and `data_center` but does not define them. These are hand-trimmed
 * stand-ins (column names and NOT NULLs as in CloudStack's create-schema.sql), not SHOW CREATE output.
 */
export const STUB_TABLES_SQL = [
  `CREATE TABLE IF NOT EXISTS \`data_center\` (
  \`id\` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  \`name\` varchar(255) DEFAULT NULL,
  \`uuid\` varchar(40) DEFAULT NULL,
  \`description\` varchar(255) DEFAULT NULL,
  \`dns1\` varchar(255) NOT NULL,
  \`internal_dns1\` varchar(255) NOT NULL,
  \`networktype\` varchar(255) NOT NULL DEFAULT 'Basic',
  \`allocation_state\` varchar(32) NOT NULL DEFAULT 'Enabled',
  \`removed\` datetime DEFAULT NULL,
  PRIMARY KEY (\`id\`),
  UNIQUE KEY \`uc_data_center__uuid\` (\`uuid\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3`,
  `CREATE TABLE IF NOT EXISTS \`cluster\` (
  \`id\` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  \`name\` varchar(255) DEFAULT NULL,
  \`uuid\` varchar(40) DEFAULT NULL,
  \`guid\` varchar(255) DEFAULT NULL,
  \`pod_id\` bigint(20) unsigned NOT NULL,
  \`data_center_id\` bigint(20) unsigned NOT NULL,
  \`hypervisor_type\` varchar(32) DEFAULT NULL,
  \`cluster_type\` varchar(64) DEFAULT 'CloudManaged',
  \`allocation_state\` varchar(32) NOT NULL DEFAULT 'Enabled',
  \`managed_state\` varchar(32) NOT NULL DEFAULT 'Managed',
  \`removed\` datetime DEFAULT NULL,
  PRIMARY KEY (\`id\`),
  UNIQUE KEY \`uc_cluster__uuid\` (\`uuid\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3`,
];

/** Splits a dump into statements: `;` ends one unless inside quotes or comments; comments are dropped. */
export function splitSqlStatements(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    const two = text.slice(i, i + 2);
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < text.length && !(text[j] === c && text[j + 1] !== c))
        j += text[j] === '\\' || text[j] === c ? 2 : 1;
      cur += text.slice(i, j + 1);
      i = j;
    } else if (two === '--' || c === '#') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
      cur += '\n';
    } else if (two === '/*' && text[i + 2] !== '!') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
    } else if (c === ';') {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** Removes what a restore into another database or by another user trips on. */
const portable = (stmt: string) =>
  stmt
    .replace(/\bDEFINER\s*=\s*(`[^`]*`|'[^']*'|[^\s@]+)@(`[^`]*`|'[^']*'|\S+)/gi, '')
    .replace(/`cloud`\./g, '');

/** Creates the subset's tables (+ the stand-ins) in `dbName`; FK checks are off because the subset is partial. */
export async function applyCloudStackSchema(
  conn: Connection,
  dbName: string,
  schemaSql: string,
): Promise<void> {
  if (!/^[A-Za-z0-9_]{1,64}$/.test(dbName)) throw new Error(`unsafe database name: ${dbName}`);
  await conn.query(`USE \`${dbName}\``);
  await conn.query('SET SESSION foreign_key_checks = 0');
  try {
    for (const stmt of splitSqlStatements(schemaSql)) await conn.query(portable(stmt));
    for (const stmt of STUB_TABLES_SQL) await conn.query(stmt);
  } finally {
    await conn.query('SET SESSION foreign_key_checks = 1');
  }
}

type Row = Record<string, string | number | null>;

/** One multi-row INSERT; the columns are the first row's keys (every row has the same shape). */
async function insert(conn: Connection, table: string, rows: Row[]): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const cols = Object.keys(first);
  const values = rows.map((r) => cols.map((c) => r[c] ?? null));
  await conn.query(`INSERT INTO \`${table}\` (${cols.map((c) => `\`${c}\``).join(', ')}) VALUES ?`, [values]);
}

/** Child tables first, so a re-seed never leaves orphans even if FK checks were on. */
const SEEDED = [
  'user_vm_details',
  'vm_instance_details',
  'user_vm',
  'vm_instance',
  'service_offering',
  'host',
  'cluster_details',
  'cluster',
  'data_center_details',
  'data_center',
  'configuration',
];

/** ConfigKey.Scope bits for a 4.21+ schema, where configuration.scope is a bitmask. */
const SCOPE_BIT: Record<string, number> = {
  Global: 1,
  Zone: 2,
  Cluster: 4,
  StoragePool: 8,
  Domain: 64,
  Account: 128,
};
const CREATED = '2026-01-01 00:00:00';

async function schemaShape(conn: Connection): Promise<{ tables: Set<string>; bitmask: boolean }> {
  const [t] = await conn.query(
    'SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()',
  );
  const [s] = await conn.query(
    "SELECT DATA_TYPE AS t FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'configuration' AND COLUMN_NAME = 'scope'",
  );
  const tables = new Set((t as { t: string }[]).map((r) => r.t));
  return { tables, bitmask: /int/i.test((s as { t: string }[])[0]?.t ?? '') };
}

/** Replaces the seeded tables' contents with `world` (run on a connection already USE-ing the lab database). */
export async function seedCloudDatabase(conn: Connection, world: LabWorld): Promise<void> {
  const { tables, bitmask } = await schemaShape(conn);
  await conn.query('SET SESSION foreign_key_checks = 0');
  try {
    for (const t of SEEDED) if (tables.has(t)) await conn.query(`DELETE FROM \`${t}\``);
    await insert(
      conn,
      'data_center',
      world.zones.map((z) => ({
        id: z.dbId,
        uuid: z.id,
        name: z.name,
        dns1: '192.0.2.53',
        internal_dns1: '192.0.2.53',
        networktype: 'Advanced',
      })),
    );
    await insert(
      conn,
      'data_center_details',
      world.zones.flatMap((z) => [...z.settings].map(([name, value]) => ({ dc_id: z.dbId, name, value }))),
    );
    await insert(
      conn,
      'cluster',
      world.clusters.map((c) => ({
        id: c.dbId,
        uuid: c.id,
        name: c.name,
        pod_id: 1,
        data_center_id: c.zone.dbId,
        hypervisor_type: 'KVM',
      })),
    );
    await insert(
      conn,
      'cluster_details',
      world.clusters.flatMap((c) =>
        [...c.details].map(([name, value]) => ({ cluster_id: c.dbId, name, value })),
      ),
    );
    await insert(
      conn,
      'host',
      world.hosts.map((h) => ({
        id: h.dbId,
        uuid: h.id,
        name: h.name,
        status: 'Up',
        type: 'Routing',
        private_ip_address: `192.0.2.${10 + h.dbId}`,
        cluster_id: h.cluster.dbId,
        data_center_id: h.cluster.zone.dbId,
        cpus: h.spec.cpus,
        speed: 2000,
        hypervisor_type: 'KVM',
        ram: h.spec.memoryMiB * 1024 * 1024,
        version: world.version,
        dom0_memory: 0,
        last_ping: 0,
      })),
    );
    // Offerings no VM uses still exist in CloudStack; number them as LabWorld does (100 + index).
    const offerings = world.scenario.offerings.map(
      (o, i) =>
        world.vms.find((v) => v.offering.name === o.name)?.offering ?? {
          ...o,
          id: labUuid('offering', o.name),
          dbId: 100 + i,
        },
    );
    await insert(
      conn,
      'service_offering',
      offerings.map((o) => ({
        id: o.dbId,
        uuid: o.id,
        name: o.name,
        display_text: o.name,
        cpu: o.cpu,
        speed: o.speedMHz,
        ram_size: o.memoryMiB,
      })),
    );
    await insert(
      conn,
      'vm_instance',
      world.vms.map((v) => ({
        id: v.dbId,
        uuid: v.id,
        name: v.name,
        display_name: v.name,
        instance_name: v.instanceName,
        state: v.state,
        guest_os_id: 1,
        data_center_id: v.host.cluster.zone.dbId,
        host_id: v.state === 'Running' ? v.host.dbId : null,
        last_host_id: v.host.dbId,
        vnc_password: 'lab',
        created: CREATED,
        type: 'User',
        vm_type: 'User',
        account_id: 2,
        domain_id: 1,
        service_offering_id: v.offering.dbId,
        hypervisor_type: 'KVM',
        power_state: v.state === 'Running' ? 'PowerOn' : 'PowerOff',
      })),
    );
    await insert(
      conn,
      'user_vm',
      world.vms.map((v) => ({ id: v.dbId, display_name: v.name })),
    );
    // VirtualMachineManagerImpl copies the cluster ratios into the VM's details at start, only when > 1.
    const ratios = world.vms
      .filter((v) => v.state === 'Running')
      .flatMap((v) =>
        ['memoryOvercommitRatio', 'cpuOvercommitRatio'].map((name) => ({
          vm_id: v.dbId,
          name,
          value: v.host.cluster.details.get(name) ?? '1',
        })),
      )
      .filter((r) => Number(r.value) > 1);
    await insert(conn, tables.has('vm_instance_details') ? 'vm_instance_details' : 'user_vm_details', ratios);
    await insert(
      conn,
      'configuration',
      [...world.globals].map(([name, value]) => {
        const s = settingInfo(name);
        const scope = s?.scope ?? 'Global';
        return {
          category: s?.category ?? 'Advanced',
          instance: 'DEFAULT',
          name,
          value,
          default_value: s?.defaultValue ?? null,
          description: s?.description ?? null,
          scope: bitmask ? (SCOPE_BIT[scope] ?? 1) : scope,
          is_dynamic: s?.isDynamic ? 1 : 0,
          updated: CREATED,
        };
      }),
    );
  } finally {
    await conn.query('SET SESSION foreign_key_checks = 1');
  }
}
