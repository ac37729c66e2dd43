/** The DB door end to end: a lab with a seeded CloudStack database (real MariaDB) read by cloudstack_setting. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadScenario } from '../../src/lab/load-scenario.ts';
import type { SettingData } from '../../src/tools/cloudstack/setting.ts';
import { type LabService, startLabService } from '../helpers/lab-service.ts';
import { describeWithMariaDb, MYSQL_URL } from '../helpers/mariadb.ts';

describeWithMariaDb('lab with a CloudStack database', () => {
  let s: LabService;
  beforeAll(async () => {
    s = await startLabService('memory-cap-one-cluster', { mysqlUrl: MYSQL_URL });
  });
  afterAll(() => s?.close());

  it('cloudstack_setting reads the scope overrides through the read-only DB reader as well as the API', async () => {
    const env = await s.service.runTool('cloudstack_setting', {
      query: 'vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor',
    });
    expect(env.status).toBe('ok');
    expect(env.runs.some((r) => r.target === 'database' && r.ok)).toBe(true);
    const setting = (env.data as SettingData).settings[0]!;
    expect(setting.globalValue).toBe('false');
    expect(setting.scopes.find((x) => x.scope === 'cluster' && x.name === 'cl-osaka-b')).toMatchObject({
      value: 'true',
      overridden: true,
    });
    expect(setting.scopes.find((x) => x.scope === 'cluster' && x.name === 'cl-osaka-a')).toMatchObject({
      value: 'false',
      overridden: false,
    });
  });

  it('the lab keeps its database in step: a new cluster override appears after the change', async () => {
    // This test changes a setting for good: it gets a lab (and database) of its own.
    const own = await startLabService('memory-cap-one-cluster', { mysqlUrl: MYSQL_URL });
    try {
      const key = 'vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor';
      const cluster = own.lab.world.clusters.find((c) => c.name === 'cl-osaka-a')!;
      own.lab.world.setSetting(key, 'false', { cluster });
      // The lab re-seeds its database after each change: wait for that, not for a time.
      await own.lab.dbSettled();
      const env = await own.service.runTool('cloudstack_setting', { query: key });
      const row = (env.data as SettingData).settings[0]!.scopes.find(
        (x) => x.scope === 'cluster' && x.name === 'cl-osaka-a',
      );
      // Equal to the global value, so only the DB can tell it is an override.
      expect(row).toMatchObject({ value: 'false', overridden: true });
    } finally {
      await own.close();
    }
  });

  it('an explicit cluster override equal to the global value is found through the DB, and the fix targets that cluster', async () => {
    const scenario = await loadScenario('memory-cap');
    scenario.zones[0]!.clusters[0]!.settings = {
      'vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor': 'true',
    };
    const withDb = await startLabService(scenario, { mysqlUrl: MYSQL_URL });
    try {
      const d = await withDb.service.diagnose('memory', { lang: 'en' });
      const f = d.findings.find((x) => x.runbook === 'vm-memory-capped');
      expect(f?.cause).toBe('cluster');
      expect(f?.steps[0]?.action?.input).toMatchObject({ scope: 'cluster', scopeName: 'cl-tokyo-a' });
    } finally {
      await withDb.close();
    }
  });
});
