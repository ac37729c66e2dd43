/** Table tests of the memory-cap cause scope and the plan built from it: one row per state the real world shows. */
import { describe, expect, it } from 'vitest';
import { capPlan } from '../../src/runbooks/memory-capped-plan.ts';
import {
  causeScope,
  groupsByScope,
  listNames,
  settingActions,
} from '../../src/runbooks/memory-capped-scope.ts';
import type { ClusterMemorySettings } from '../../src/tools/memory/cluster-memory-settings.ts';
import type { CapGroup } from '../../src/tools/memory/fleet-memory-audit.ts';

const KEY = 'vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor';

const settings = (cluster: string, o: Partial<ClusterMemorySettings> = {}): ClusterMemorySettings => ({
  clusterId: `id-${cluster}`,
  cluster,
  ratio: 2,
  divideByRatio: true,
  divideOverridden: false,
  overrideSource: 'database',
  globalDivide: true,
  globalRatio: 1,
  ...o,
});
const group = (cluster: string, vms: string[], cause: CapGroup['cause'] = 'overprovisioning'): CapGroup => ({
  cause,
  cluster,
  ratio: 2,
  vms,
});

describe('causeScope', () => {
  it.each([
    // version, overridden, globalDivide → scope
    ['4.18.1', false, true, 'global'],
    ['4.18.1', true, true, 'cluster'],
    ['4.20.1', true, false, 'cluster'], // global says false, the cluster overrides to true
    ['4.15.2', false, undefined, 'legacy-division'], // before the key existed
    ['4.15.2', true, true, 'legacy-division'], // old version wins even if a value is read
    [undefined, false, true, 'global'], // version unknown: judge by the key
    [undefined, false, undefined, 'legacy-division'], // no key at all
    ['4.16.0', false, true, 'global'], // the first version with the key
  ] as const)('%s, overridden %s, global %s → %s', (version, overridden, globalDivide, scope) => {
    expect(causeScope(version, overridden, globalDivide)).toBe(scope);
  });
});

describe('groupsByScope', () => {
  it('one group per scope: overriding clusters first, inheriting ones second; other causes left out', () => {
    const clusters = [settings('a', { divideOverridden: true }), settings('b'), settings('c')];
    const groups = [
      group('a', ['a1']),
      group('b', ['b1', 'b2']),
      group('c', ['c1'], 'pending-restart'),
      group('c', ['c2'], 'unexplained'),
    ];
    const r = groupsByScope(groups, clusters, '4.20.1');
    expect(r.map((g) => [g.scope, g.overridden, g.vms, g.settings.map((s) => s.cluster)])).toEqual([
      ['cluster', true, ['a1'], ['a']],
      ['global', false, ['b1', 'b2'], ['b']],
    ]);
  });
  it('a group whose cluster the audit has no settings for is left out, not guessed', () => {
    const r = groupsByScope([group('gone', ['g1']), group('b', ['b1'])], [settings('b')], '4.20.1');
    expect(r.map((g) => [g.scope, g.vms])).toEqual([['global', ['b1']]]);
  });
  it('the scope follows the settings of the group: an old CloudStack is legacy whatever the cluster says', () => {
    const r = groupsByScope([group('a', ['a1'])], [settings('a', { divideOverridden: true })], '4.15.0');
    expect(r.map((g) => [g.scope, g.overridden])).toEqual([['legacy-division', true]]);
    const noKey = groupsByScope([group('b', ['b1'])], [settings('b', { globalDivide: undefined })], '4.20.1');
    expect(noKey.map((g) => g.scope)).toEqual(['legacy-division']);
  });
  it('no over-provisioned group: nothing', () => {
    expect(groupsByScope([group('a', ['x'], 'pending-restart')], [settings('a')], '4.20.1')).toEqual([]);
  });
});

describe('settingActions and the plan', () => {
  it.each([
    ['global', ['a', 'b'], [{ name: KEY, value: 'false', scope: 'global', expectedValue: 'true' }]],
    [
      'cluster',
      ['a', 'b'],
      [
        { name: KEY, value: 'false', scope: 'cluster', scopeName: 'a', expectedValue: 'true' },
        { name: KEY, value: 'false', scope: 'cluster', scopeName: 'b', expectedValue: 'true' },
      ],
    ],
    [
      'legacy-division',
      ['a'],
      [
        {
          name: 'mem.overprovisioning.factor',
          value: '1',
          scope: 'cluster',
          scopeName: 'a',
          expectedValue: '2',
        },
      ],
    ],
  ] as const)('%s on %j', (scope, clusters, inputs) => {
    const withRatio = clusters.map((cluster) => ({ cluster, ratio: 2 }));
    expect(settingActions(scope, withRatio, KEY)).toEqual(
      inputs.map((input) => ({ tool: 'update_setting', input })),
    );
  });

  it('plan shape: the setting action first, extra clusters next, then stop/start per VM as actions', () => {
    const steps = capPlan({
      scope: 'cluster',
      clusterNames: ['a', 'b'],
      settings: [settings('a', { divideOverridden: true }), settings('b', { divideOverridden: true })],
      vms: [{ vm: 'web01', host: 'kvm01' }],
      version: '4.20.1',
      key: KEY,
      vars: {
        key: KEY,
        value: 'true',
        ratio: 2,
        scopeParam: '',
        capacityNote: '',
        count: 1,
        vms: 'web01',
        scopeText: '',
        share: '50%',
        version: '4.20.1',
      },
      lang: 'en',
    });
    expect(steps[0]!.action).toEqual({
      tool: 'update_setting',
      input: { name: KEY, value: 'false', scope: 'cluster', scopeName: 'a', expectedValue: 'true' },
    });
    expect(steps[1]!.action?.input).toMatchObject({ scopeName: 'b' });
    expect(
      steps.filter((s) => s.action?.tool === 'stop_vm' || s.action?.tool === 'start_vm').map((s) => s.action),
    ).toEqual([
      { tool: 'stop_vm', input: { vm: 'web01', expectedHost: 'kvm01' } },
      { tool: 'start_vm', input: { vm: 'web01' } },
    ]);
    for (const s of steps) expect(Object.keys(s).every((k) => k === 'text' || k === 'action')).toBe(true);
  });

  it('global scope where an override could only be seen by difference: a re-check step follows the change', () => {
    const steps = capPlan({
      scope: 'global',
      clusterNames: ['a'],
      settings: [settings('a', { overrideSource: 'api-difference' })],
      vms: [],
      version: '4.18.1',
      key: KEY,
      vars: {
        key: KEY,
        value: 'true',
        ratio: 2,
        scopeParam: '',
        capacityNote: '',
        count: 0,
        vms: '',
        scopeText: '',
        share: '',
        version: '4.18.1',
      },
      lang: 'ja',
    });
    expect(steps[1]!.text).toContain(`/cloudops config ${KEY}`);
    expect(steps[1]!.text).toContain('再確認');
  });

  it('listNames shows 20 names then a count', () => {
    const names = Array.from({ length: 23 }, (_, i) => `vm${i}`);
    expect(listNames(names)).toMatch(/vm19 \(\+3\)$/);
    expect(listNames(['a'])).toBe('a');
    // Exactly 20: all of them, no "(+0)".
    const twenty = names.slice(0, 20);
    expect(listNames(twenty)).toBe(twenty.join(', '));
    expect(listNames(['a', 'b', 'c'], 2)).toBe('a, b (+1)');
  });
});
