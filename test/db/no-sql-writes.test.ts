/**
 * No code path writes the CloudStack database: only the read-only door (src/db), the doctor's read-only
 * probe, the bot's own state store and the lab's simulated cloud speak SQL; every statement the door owns is
 * read-only by the door's own guard; and no source outside the lab and the state store holds a writing
 * statement (the storage move in particular goes through migrateVolume, never `UPDATE storage_pool`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  configurationByNames,
  DETECT_SCOPE_TYPE,
  DETECT_TABLES,
  OPTIONAL_TABLES,
  overridesByNames,
  PING,
  runningVmMemory,
  SEARCH_CONFIGURATION,
  SERVICE_OFFERINGS,
} from '../../src/db/queries.ts';
import { assertReadOnlySql } from '../../src/db/readonly.ts';
import type { SchemaFeatures } from '../../src/db/types.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(ts|md|ya?ml)$/.test(e.name) ? [relative(ROOT, p)] : [];
  });
}
const SRC = sources(join(ROOT, 'src'));
const text = (f: string) => readFileSync(join(ROOT, f), 'utf8');

/** The bot's own state (SQLite/MariaDB) and the lab's fake cloud database are not the CloudStack database. */
const OWN_DATABASES = /^src\/(store|lab)\//;

describe('no SQL writes to the CloudStack database', () => {
  it('only the read-only door, the doctor probe, the state store and the lab import a SQL driver', () => {
    const drivers = SRC.filter((f) => /from 'mysql2|from "mysql2|from 'node:sqlite'/.test(text(f)));
    expect(drivers.filter((f) => !OWN_DATABASES.test(f)).sort()).toEqual([
      'src/cli/doctor/db-check.ts',
      'src/db/connect.ts',
      'src/db/reader.ts',
      'src/db/readonly.ts',
    ]);
  });

  it('the door runs statements only through its guard', () => {
    const reader = text('src/db/reader.ts');
    // One execute, right after the guard: a second call site would need its own review.
    expect(reader.match(/\.(execute|query)\(/g)).toEqual(['.execute(']);
    expect(reader.indexOf('assertReadOnlySql(sql)')).toBeGreaterThan(0);
    expect(reader.indexOf('assertReadOnlySql(sql)')).toBeLessThan(reader.indexOf('.execute('));
  });

  it('every statement the door owns passes the read-only guard, for every schema level', () => {
    const levels: SchemaFeatures[] = [
      { vmDetailsTable: 'user_vm_details', scopeIsBitmask: false, tables: new Set(OPTIONAL_TABLES) },
      { vmDetailsTable: 'vm_instance_details', scopeIsBitmask: true, tables: new Set(OPTIONAL_TABLES) },
      { vmDetailsTable: 'user_vm_details', scopeIsBitmask: false, tables: new Set() },
    ];
    const statements = [
      DETECT_TABLES,
      DETECT_SCOPE_TYPE,
      PING,
      configurationByNames(3),
      SEARCH_CONFIGURATION,
      SERVICE_OFFERINGS,
      ...levels.flatMap((f) => [runningVmMemory(f), overridesByNames(f, 2)?.sql ?? 'SELECT 1']),
    ];
    for (const sql of statements) expect(() => assertReadOnlySql(sql), sql).not.toThrow();
  });

  it('no source outside the state store and the lab holds a writing SQL statement', () => {
    const WRITE =
      /\b(?:UPDATE\s+`?[a-z_]+`?\s+SET|INSERT\s+INTO|DELETE\s+FROM|REPLACE\s+INTO|ALTER\s+TABLE|DROP\s+TABLE|TRUNCATE\s+TABLE)\b/i;
    const files = [...SRC, ...sources(join(ROOT, 'prompts')), ...sources(join(ROOT, 'tools'))];
    const hits = files.filter((f) => !OWN_DATABASES.test(f) && WRITE.test(text(f)));
    expect(hits).toEqual([]);
  });
});
