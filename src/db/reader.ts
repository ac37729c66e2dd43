/**
 * The read-only door to CloudStack's `cloud` database: a small set of named queries over a pool whose
 * sessions are READ ONLY with a server-side statement timeout. Nothing here accepts SQL from outside.
 */

import type { Pool, PoolConnection } from 'mysql2/promise';
import mysql from 'mysql2/promise';
import type { Logger } from 'pino';
import { OpsError } from '../core/errors.ts';
import { parseDbUrl, toDbError } from './connect.ts';
import * as Q from './queries.ts';
import { assertReadOnlySql, prepareSession, type TimeoutFlavor } from './readonly.ts';
import { type Raw, toConfigurationRow, toOverride, toRunningVm, toServiceOffering } from './rows.ts';
import type {
  ConfigScopeReport,
  ConfigurationRow,
  DbPing,
  RunningVmMemoryRow,
  SchemaFeatures,
  ServiceOfferingRow,
} from './types.ts';

export interface CloudDbReader {
  /** Per key: the global `configuration` row and every cluster/zone/account/domain override, in `names` order. */
  configurationScopes(names: string[]): Promise<ConfigScopeReport[]>;
  /** Keys whose name or description contains `keyword` (taken literally: % and _ match themselves). */
  searchConfiguration(keyword: string): Promise<ConfigurationRow[]>;
  runningVmMemory(): Promise<RunningVmMemoryRow[]>;
  serviceOfferings(): Promise<ServiceOfferingRow[]>;
  ping(): Promise<DbPing>;
  /** Which CloudStack schema level the queries adapted to. */
  schemaFeatures(): Promise<SchemaFeatures>;
  close(): Promise<void>;
}

export interface CloudDbReaderOptions {
  url: string;
  password?: string;
  queryTimeoutMs?: number;
  logger?: Logger;
}

/** What tests may reach behind the public API: the guarded runner and a prepared session. */
interface Internals {
  run(sql: string, params?: (string | number)[]): Promise<Raw[]>;
  withSession<T>(fn: (conn: PoolConnection) => Promise<T>): Promise<T>;
}
const internals = new WeakMap<CloudDbReader, Internals>();

/** TEST ONLY: the internal runner (still guarded) and a raw read-only session, to prove both locks hold. */
export function testOnlyInternals(reader: CloudDbReader): Internals {
  const i = internals.get(reader);
  if (!i) throw new OpsError('internal', 'not a reader made by createCloudDbReader');
  return i;
}

const MAX_NAMES = 64;
const nameOk = (n: unknown): n is string => typeof n === 'string' && n.length > 0 && n.length <= 255;

export function createCloudDbReader(opts: CloudDbReaderOptions): CloudDbReader {
  const timeoutMs = opts.queryTimeoutMs ?? 10_000;
  const { target, pool: poolOptions } = parseDbUrl(opts.url, opts.password);
  const secret =
    typeof poolOptions.password === 'string' && poolOptions.password !== ''
      ? poolOptions.password
      : undefined;
  const pool: Pool = mysql.createPool(poolOptions);
  const prepared = new WeakSet<object>();
  let flavor: TimeoutFlavor | undefined;
  let features: Promise<SchemaFeatures> | undefined;
  const fail = (e: unknown) => toDbError(e, target, secret, timeoutMs);

  async function withSession<T>(fn: (conn: PoolConnection) => Promise<T>): Promise<T> {
    let conn: PoolConnection;
    try {
      conn = await pool.getConnection();
    } catch (e) {
      throw fail(e);
    }
    let healthy = true;
    try {
      if (!prepared.has(conn.connection)) {
        flavor = await prepareSession(conn, timeoutMs, flavor);
        prepared.add(conn.connection);
      }
      return await fn(conn);
    } catch (e) {
      const code = (e as { code?: string; fatal?: boolean }).code;
      // A client-side timeout leaves the server still busy on this socket: never hand it out again.
      if ((e as { fatal?: boolean }).fatal || code === 'PROTOCOL_SEQUENCE_TIMEOUT') healthy = false;
      throw e;
    } finally {
      if (healthy) conn.release();
      else conn.destroy();
    }
  }

  async function run(sql: string, params: (string | number)[] = [], label = 'query'): Promise<Raw[]> {
    assertReadOnlySql(sql);
    const t0 = Date.now();
    try {
      const rows = await withSession(async (conn) => {
        // Client backstop a little after the server cap, so the server's clearer error normally wins.
        const clientTimeout = flavor === 'none' ? timeoutMs : timeoutMs + 1000;
        const [r] = await conn.execute({ sql, timeout: clientTimeout }, params);
        return r as Raw[];
      });
      opts.logger?.debug({ query: label, rows: rows.length, ms: Date.now() - t0 }, 'db query');
      return rows;
    } catch (e) {
      const err = fail(e);
      opts.logger?.warn({ query: label, code: err.code, ms: Date.now() - t0 }, err.userMessage);
      throw err;
    }
  }

  function schemaFeatures(): Promise<SchemaFeatures> {
    features ??= (async () => {
      const tables = new Set(
        (await run(Q.DETECT_TABLES, [...Q.OPTIONAL_TABLES], 'detect tables')).map((r) => String(r.t)),
      );
      const scopeType = String((await run(Q.DETECT_SCOPE_TYPE, [], 'detect scope type'))[0]?.t ?? 'varchar');
      return {
        vmDetailsTable: tables.has('vm_instance_details') ? 'vm_instance_details' : 'user_vm_details',
        scopeIsBitmask: /int/i.test(scopeType),
        tables,
      } satisfies SchemaFeatures;
    })();
    // A failed probe (server down) must not be remembered forever.
    features.catch(() => {
      features = undefined;
    });
    return features;
  }

  async function configurationScopes(names: string[]): Promise<ConfigScopeReport[]> {
    if (!Array.isArray(names) || !names.every(nameOk) || names.length > MAX_NAMES)
      throw new OpsError('invalid_argument', `configuration names must be 1–${MAX_NAMES} non-empty strings`);
    const keys = [...new Set(names)];
    if (keys.length === 0) return [];
    const f = await schemaFeatures();
    const globals = await run(Q.configurationByNames(keys.length), keys, 'configuration by name');
    const detailNames = [...new Set(keys.flatMap((k) => [k, Q.CLUSTER_DETAIL_ALIASES[k] ?? k]))];
    const o = Q.overridesByNames(f, detailNames.length);
    const overrides = o
      ? (
          await run(
            o.sql,
            Array.from({ length: o.sources }, () => detailNames).flat(),
            'configuration overrides',
          )
        ).map(toOverride)
      : [];
    return names.map((name) => {
      const g = globals.find((r) => r.name === name);
      const alias = Q.CLUSTER_DETAIL_ALIASES[name];
      return {
        name,
        global: g ? toConfigurationRow(g, f.scopeIsBitmask) : null,
        overrides: overrides.filter(
          (x) =>
            x.detailName === name || (x.scope === 'cluster' && alias !== undefined && x.detailName === alias),
        ),
      };
    });
  }

  async function searchConfiguration(keyword: string): Promise<ConfigurationRow[]> {
    if (!nameOk(keyword)) throw new OpsError('invalid_argument', 'a search keyword must be 1–255 characters');
    const f = await schemaFeatures();
    const pattern = `%${Q.escapeLike(keyword)}%`;
    const rows = await run(Q.SEARCH_CONFIGURATION, [pattern, pattern], 'configuration search');
    return rows.map((r) => toConfigurationRow(r, f.scopeIsBitmask));
  }

  const reader: CloudDbReader = {
    configurationScopes,
    searchConfiguration,
    async runningVmMemory() {
      const f = await schemaFeatures();
      return (await run(Q.runningVmMemory(f), [], 'running vm memory')).map(toRunningVm);
    },
    async serviceOfferings() {
      return (await run(Q.SERVICE_OFFERINGS, [], 'service offerings')).map(toServiceOffering);
    },
    async ping() {
      const t0 = Date.now();
      const version = String((await run(Q.PING, [], 'ping'))[0]?.version ?? '');
      return {
        serverVersion: version,
        flavor: /mariadb/i.test(version) ? 'mariadb' : 'mysql',
        latencyMs: Date.now() - t0,
      };
    },
    schemaFeatures,
    async close() {
      await pool.end().catch(() => undefined);
    },
  };
  internals.set(reader, { run: (sql, params) => run(sql, params, 'test'), withSession });
  return reader;
}
