/** update_setting at each of the six scopes through the lab's signed API: changed at that scope only, read back, stale plans refused. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LAB_ACCOUNT_ID, LAB_DOMAIN_ID } from '../../../src/lab/api/handlers-config.ts';
import { labUuid } from '../../../src/lab/world.ts';
import { updateSetting } from '../../../src/tools/actions/update-setting.ts';
import { type ActionLab, startActionLab } from '../../helpers/action-lab.ts';

const KEY = 'vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor';
let a: ActionLab;
beforeEach(async () => {
  a = await startActionLab('memory-cap-one-cluster');
});
afterEach(async () => {
  await a.close();
});

describe('update_setting', () => {
  it('cluster scope: changes only that cluster, reads it back, and sends clusterid', async () => {
    const w = a.lab.world;
    const r = await a.act(updateSetting, {
      name: KEY,
      value: 'false',
      scope: 'cluster',
      scopeName: 'cl-osaka-b',
      expectedValue: 'true',
    });
    expect(r.pre).toMatchObject({ ok: true, text: `${KEY} is true at cluster cl-osaka-b` });
    expect(r.data).toMatchObject({ previous: 'true', value: 'false' });
    expect(r.post).toMatchObject({ ok: true });
    const b = w.clusters.find((c) => c.name === 'cl-osaka-b')!;
    expect(w.effectiveSetting(KEY, { cluster: b })).toBe('false');
    expect(w.globals.get(KEY)).toBe('false');
    expect(a.mutations()).toEqual([
      {
        via: 'api',
        command: 'updateConfiguration',
        params: { name: KEY, value: 'false', clusterid: b.id },
        ok: true,
      },
    ]);
  });

  it.each([
    ['global', undefined, 'capacity.check.period', '600000', {}],
    ['zone', 'jp-west-1', 'enable.dynamic.scale.vm', 'true', { zoneid: labUuid('zone', 'jp-west-1') }],
    ['account', 'admin', 'quota.account.enabled', 'false', { accountid: LAB_ACCOUNT_ID }],
    ['domain', 'ROOT', 'enable.user.2fa', 'true', { domainid: LAB_DOMAIN_ID }],
  ] as const)(
    '%s scope: set, read back at that scope, with the right scope id',
    async (scope, scopeName, name, value, ids) => {
      const r = await a.act(updateSetting, { name, value, scope, ...(scopeName ? { scopeName } : {}) });
      expect(r.pre.ok).toBe(true);
      expect(r.post).toMatchObject({ ok: true });
      expect(a.mutations()).toEqual([
        { via: 'api', command: 'updateConfiguration', params: { name, value, ...ids }, ok: true },
      ]);
      if (scope !== 'global') expect(a.lab.world.globals.get(name)).not.toBe(value);
    },
  );

  it('precheck fails when the setting no longer has the value the plan assumed', async () => {
    a.lab.world.setSetting(KEY, 'false', {
      cluster: a.lab.world.clusters.find((c) => c.name === 'cl-osaka-b')!,
    });
    const r = await a.act(updateSetting, {
      name: KEY,
      value: 'false',
      scope: 'cluster',
      scopeName: 'cl-osaka-b',
      expectedValue: 'true',
    });
    expect(r.pre.ok).toBe(false);
    expect(r.pre.text).toContain('the plan assumed true');
    expect(a.mutations()).toEqual([]);
  });

  it('precheck fails for a key that cannot be set at that scope, and for an unknown scope name', async () => {
    const wrongScope = await a.act(updateSetting, {
      name: 'capacity.check.period',
      value: '1',
      scope: 'cluster',
      scopeName: 'cl-osaka-a',
    });
    expect(wrongScope.pre).toMatchObject({
      ok: false,
      text: 'capacity.check.period cannot be set at cluster cl-osaka-a',
    });
    const unknown = await a.act(updateSetting, {
      name: KEY,
      value: 'false',
      scope: 'cluster',
      scopeName: 'nope',
    });
    expect(unknown.pre).toEqual({ ok: false, text: 'could not check: no cluster named "nope" in lab' });
    expect(() => updateSetting.input.parse({ name: KEY, value: 'false', scope: 'zone' })).toThrow(
      'scopeName',
    );
    expect(a.mutations()).toEqual([]);
  });

  it('verify fails when the value read back differs (someone changed it again)', async () => {
    const input = updateSetting.input.parse({
      name: KEY,
      value: 'false',
      scope: 'cluster',
      scopeName: 'cl-osaka-b',
    });
    const r = await updateSetting.run(input, a.ctx);
    a.lab.world.setSetting(KEY, 'true', {
      cluster: a.lab.world.clusters.find((c) => c.name === 'cl-osaka-b')!,
    });
    expect(await updateSetting.verify!(input, r.data, a.ctx)).toMatchObject({ ok: false });
    expect(updateSetting.describe!(input, 'ja')).toBe(`cluster cl-osaka-b の ${KEY} を false に変更`);
  });
});

describe('update_setting at storage scope', () => {
  it('sends storageid of the named primary storage pool', async () => {
    const b = await startActionLab('memory-cap');
    try {
      const r = await b.act(updateSetting, {
        name: 'storage.overprovisioning.factor',
        value: '3',
        scope: 'storage',
        scopeName: 'primary-nfs-a',
        expectedValue: '2',
      });
      expect(r.post).toMatchObject({ ok: true });
      expect(b.mutations()[0]?.params).toEqual({
        name: 'storage.overprovisioning.factor',
        value: '3',
        storageid: labUuid('pool', 'nfs-a'),
      });
    } finally {
      await b.close();
    }
  });
});
