/**
 * listConfigurations / updateConfiguration over the world's settings, with CloudStack's scope rules: a scope id
 * lists only keys of that scope, valued as ConfigKey.valueIn(id) resolves them.
 */
import { type SettingInfo, settingInfo } from '../settings-catalog.ts';
import { type LabCluster, type LabWorld, type LabZone, labUuid } from '../world.ts';
import { type Args, clusterArg, like, paged, required, zoneArg } from './args.ts';
import type { Handler } from './context.ts';
import { ApiFailure, CS_INVALID_PARAMETER, invalidParam } from './failure.ts';

/** Keys outside the catalog (scenario globals) behave as plain global Advanced keys. */
const infoOf = (name: string, w: LabWorld): SettingInfo => ({
  name,
  defaultValue: w.globals.get(name) ?? '',
  scope: 'Global',
  category: 'Advanced',
  isDynamic: false,
  description: w.scenario.settingDescriptions[name] ?? '',
  ...settingInfo(name),
  ...(w.scenario.staticSettings.includes(name) ? { isDynamic: false } : {}),
});

type Scope =
  | { kind: 'zone'; zone: LabZone }
  | { kind: 'cluster'; cluster: LabCluster }
  | { kind: 'storagepool' | 'account' | 'domain'; id: string }
  | undefined;

/** The lab's one domain (ROOT), its one account (admin) and one primary storage pool per storage pair. */
export const LAB_DOMAIN_ID = labUuid('domain', 'ROOT');
export const LAB_ACCOUNT_ID = labUuid('account', 'admin');
const poolIds = (w: LabWorld) => w.storagePairs.map((p) => labUuid('pool', p.name));

function entity(cmd: string, name: string, value: string, known: string[]): string {
  if (!known.includes(value)) throw invalidParam(cmd, name, value);
  return value;
}

function scopeOf(cmd: string, a: Args, w: LabWorld): Scope {
  const ids = ['zoneid', 'clusterid', 'storageid', 'accountid', 'domainid', 'imagestoreuuid'].filter(
    (k) => a[k],
  );
  if (ids.length > 1)
    throw new ApiFailure(
      431,
      CS_INVALID_PARAMETER,
      'cannot handle multiple IDs, provide only one ID corresponding to the scope',
    );
  if (a.zoneid) return { kind: 'zone', zone: zoneArg(w, cmd, a.zoneid) };
  if (a.clusterid) return { kind: 'cluster', cluster: clusterArg(w, cmd, a.clusterid) };
  if (a.storageid) return { kind: 'storagepool', id: entity(cmd, 'storageid', a.storageid, poolIds(w)) };
  if (a.accountid) return { kind: 'account', id: entity(cmd, 'accountid', a.accountid, [LAB_ACCOUNT_ID]) };
  if (a.domainid) return { kind: 'domain', id: entity(cmd, 'domainid', a.domainid, [LAB_DOMAIN_ID]) };
  if (ids.length) throw new ApiFailure(431, CS_INVALID_PARAMETER, `the lab has no ${ids[0]} scope`);
  return undefined;
}

function row(w: LabWorld, info: SettingInfo, scope: Scope) {
  const base = {
    category: info.category,
    name: info.name,
    defaultvalue: info.defaultValue,
    description: info.description,
    isdynamic: info.isDynamic,
  };
  if (!scope) return { ...base, value: w.globals.get(info.name) ?? info.defaultValue, scope: info.scope };
  if (scope.kind !== 'zone' && scope.kind !== 'cluster')
    return { ...base, value: w.effectiveSetting(info.name, scope), scope: scope.kind, id: scope.id };
  if (scope.kind === 'zone')
    return {
      ...base,
      value: w.effectiveSetting(info.name, { zone: scope.zone }),
      scope: 'zone',
      id: scope.zone.id,
    };
  return {
    ...base,
    value: w.effectiveSetting(info.name, { cluster: scope.cluster }),
    scope: 'cluster',
    id: scope.cluster.id,
  };
}

export const listConfigurations: Handler = (cmd, a, { world }) => {
  const scope = scopeOf(cmd, a, world);
  const rows = [...world.globals.keys()]
    .map((n) => infoOf(n, world))
    .filter(
      (i) =>
        (!scope || i.scope.toLowerCase() === scope.kind) &&
        (!a.name || like(i.name, a.name)) &&
        (!a.category || i.category.toLowerCase() === a.category.toLowerCase()) &&
        (!a.keyword ||
          like(i.name, a.keyword) ||
          like(i.description, a.keyword) ||
          like(i.category, a.keyword)),
    )
    .map((i) => row(world, i, scope));
  return paged(cmd, a, 'configuration', rows);
};

function checkValue(info: SettingInfo, value: string): void {
  if (info.defaultValue === 'true' || info.defaultValue === 'false') {
    if (value !== 'true' && value !== 'false')
      throw new ApiFailure(431, CS_INVALID_PARAMETER, "Please enter either 'true' or 'false'.");
  } else if (/^-?\d+(\.\d+)?$/.test(info.defaultValue) && !/^-?\d+(\.\d+)?$/.test(value)) {
    throw new ApiFailure(431, CS_INVALID_PARAMETER, `Please enter a numeric value for ${info.name}`);
  }
}

/** Synchronous, as in CloudStack; running domains keep their size until the VM is stopped and started. */
export const updateConfiguration: Handler = (cmd, a, { world }) => {
  const name = required(cmd, a, 'name');
  const value = required(cmd, a, 'value');
  if (!world.globals.has(name))
    throw new ApiFailure(431, CS_INVALID_PARAMETER, `Config parameter with name ${name} doesn't exist`);
  const info = infoOf(name, world);
  const scope = scopeOf(cmd, a, world);
  if (scope && info.scope.toLowerCase() !== scope.kind)
    throw new ApiFailure(
      431,
      CS_INVALID_PARAMETER,
      `Scope of the parameter ${name} is ${info.scope}; it cannot be set for a ${scope.kind}`,
    );
  checkValue(info, value);
  world.setSetting(
    name,
    value,
    scope?.kind === 'zone'
      ? { zone: scope.zone }
      : scope?.kind === 'cluster'
        ? { cluster: scope.cluster }
        : (scope ?? {}),
  );
  return { configuration: row(world, info, scope) };
};
