/** Resolves a setting's scope (by name) to the one scope id updateConfiguration/listConfigurations take, and reads the value there. */
import { OpsError } from '../../core/errors.ts';
import type { ToolContext } from '../context.ts';
import { apiCall } from '../remote.ts';

export const SETTING_SCOPES = ['global', 'zone', 'cluster', 'account', 'domain', 'storage'] as const;
export type SettingScopeName = (typeof SETTING_SCOPES)[number];

export type ScopeParam = {
  zoneid?: string;
  clusterid?: string;
  accountid?: string;
  domainid?: string;
  storageid?: string;
};

const PARAM: Record<Exclude<SettingScopeName, 'global'>, keyof ScopeParam> = {
  zone: 'zoneid',
  cluster: 'clusterid',
  account: 'accountid',
  domain: 'domainid',
  storage: 'storageid',
};

async function idOf(
  ctx: ToolContext,
  scope: Exclude<SettingScopeName, 'global'>,
  name: string,
): Promise<string> {
  const list: { id: string; name: string }[] = await apiCall(ctx, `list ${scope} name=${name}`, () => {
    switch (scope) {
      case 'zone':
        return ctx.api.listZones({ name });
      case 'cluster':
        return ctx.api.listClusters({ name });
      case 'account':
        return ctx.api.listAccounts({ name });
      case 'domain':
        return ctx.api.listDomains({ name });
      default:
        return ctx.api.listStoragePools();
    }
  });
  const hits = list.filter((x) => x.name === name);
  if (hits.length !== 1)
    throw new OpsError(
      'invalid_argument',
      hits.length
        ? `${hits.length} ${scope}s are named "${name}"`
        : `no ${scope} named "${name}" in ${ctx.env.name}`,
    );
  return hits[0]!.id;
}

export async function scopeParam(
  ctx: ToolContext,
  scope: SettingScopeName,
  scopeName: string | undefined,
): Promise<ScopeParam> {
  if (scope === 'global') return {};
  if (!scopeName) throw new OpsError('invalid_argument', `scope ${scope} needs scopeName`);
  return { [PARAM[scope]]: await idOf(ctx, scope, scopeName) };
}

/** The value at that scope as CloudStack resolves it (undefined: no such key at that scope). */
export async function readSetting(
  ctx: ToolContext,
  name: string,
  scope: ScopeParam,
): Promise<string | undefined> {
  const rows = await apiCall(
    ctx,
    `listConfigurations name=${name} ${Object.keys(scope).join(',') || 'global'}`,
    () => ctx.api.listConfigurations({ name, ...scope }),
  );
  const row = rows.find((r) => r.name === name);
  return row ? (row.value ?? '') : undefined;
}

export const scopeText = (scope: SettingScopeName, scopeName?: string): string =>
  scope === 'global' ? 'global' : `${scope} ${scopeName ?? '?'}`;

/** CloudStack answers "2.0" where a plan may say "2": numbers compare as numbers, anything else exactly. */
export function sameSettingValue(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const num = /^-?\d+(\.\d+)?$/;
  return a === b || (num.test(a) && num.test(b) && Number(a) === Number(b));
}
