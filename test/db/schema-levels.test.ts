/** The reader adapts to 4.21+ (vm_instance_details, bitmask scope) and reads account/domain overrides when those tables exist. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type CloudDbReader, createCloudDbReader } from '../../src/db/reader.ts';
import { seedCloudDatabase } from '../../src/lab/db-seed.ts';
import {
  createScratchDatabase,
  describeWithMariaDb,
  loadCloudStackSchema,
  type ScratchDatabase,
  withRootConnection,
} from '../helpers/mariadb.ts';
import { memoryCapWorld } from './lab-world.ts';

describeWithMariaDb('CloudDbReader on a 4.21-shaped schema', () => {
  let db: ScratchDatabase;
  let reader: CloudDbReader;
  beforeAll(async () => {
    db = await createScratchDatabase();
    await withRootConnection(db, async (c) => {
      await loadCloudStackSchema(c, db.name);
      // What schema-42010to42100.sql and Upgrade42010to42100.migrateConfigurationScopeToBitmask do.
      await c.query('ALTER TABLE user_vm_details RENAME TO vm_instance_details');
      await c.query('ALTER TABLE configuration MODIFY scope bigint(20) NOT NULL DEFAULT 0');
      await c.query(
        'CREATE TABLE account (id bigint unsigned PRIMARY KEY, uuid varchar(40), account_name varchar(100))',
      );
      await c.query(
        'CREATE TABLE account_details (id bigint unsigned AUTO_INCREMENT PRIMARY KEY, account_id bigint unsigned NOT NULL, name varchar(255) NOT NULL, value varchar(255) NOT NULL)',
      );
      await c.query(
        'CREATE TABLE domain_details (id bigint unsigned AUTO_INCREMENT PRIMARY KEY, domain_id bigint unsigned NOT NULL, name varchar(255) NOT NULL, value varchar(255) NOT NULL)',
      );
      await seedCloudDatabase(c, memoryCapWorld());
      await c.query("INSERT INTO account VALUES (2, 'acc-uuid-2', 'admin')");
      await c.query(
        "INSERT INTO account_details (account_id, name, value) VALUES (2, 'enable.dynamic.scale.vm', 'true')",
      );
      await c.query(
        "INSERT INTO domain_details (domain_id, name, value) VALUES (7, 'enable.dynamic.scale.vm', 'false')",
      );
    });
    reader = createCloudDbReader({ url: db.url });
  });
  afterAll(async () => {
    await reader?.close();
    await db?.drop();
  });

  it('detects vm_instance_details and the bitmask scope', async () => {
    const f = await reader.schemaFeatures();
    expect(f.vmDetailsTable).toBe('vm_instance_details');
    expect(f.scopeIsBitmask).toBe(true);
  });

  it('decodes the scope bitmask and lists account (named) and domain (by id) overrides', async () => {
    const [r] = await reader.configurationScopes(['enable.dynamic.scale.vm']);
    expect(r?.global?.scopes).toEqual(['Zone']);
    expect(r?.overrides).toEqual([
      {
        scope: 'account',
        scopeId: 2,
        scopeUuid: 'acc-uuid-2',
        scopeName: 'admin',
        detailName: 'enable.dynamic.scale.vm',
        value: 'true',
      },
      {
        scope: 'domain',
        scopeId: 7,
        scopeUuid: null,
        scopeName: '7',
        detailName: 'enable.dynamic.scale.vm',
        value: 'false',
      },
    ]);
  });

  it('reads per-VM ratios from vm_instance_details', async () => {
    const rows = await reader.runningVmMemory();
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.memoryOvercommitRatio === 2)).toBe(true);
  });
});
