/**
 * Pure pieces of the memory-cap diagnosis: which capped VMs share a cause, and the scope of that cause
 * (a cluster override, the global value, or a CloudStack too old to have the key). Table-tested on its own.
 */
import { compareVersions } from '../core/versions.ts';
import type { ClusterMemorySettings } from '../tools/memory/cluster-memory-settings.ts';
import type { CapGroup } from '../tools/memory/fleet-memory-audit.ts';

/** cluster: a cluster overrides the key; global: clusters inherit it; legacy-division: before 4.16, no key. */
export type CauseScope = 'cluster' | 'global' | 'legacy-division';

export interface ScopeGroup {
  overridden: boolean;
  scope: CauseScope;
  groups: CapGroup[];
  settings: ClusterMemorySettings[];
  vms: string[];
}

/** Before 4.16 the key does not exist and the division is unconditional, whatever a cluster says. */
export function causeScope(
  version: string | undefined,
  overridden: boolean,
  globalDivide: boolean | undefined,
): CauseScope {
  const legacy =
    (version !== undefined && compareVersions(version, '4.16.0') < 0) || globalDivide === undefined;
  return legacy ? 'legacy-division' : overridden ? 'cluster' : 'global';
}

/**
 * Over-provisioned groups split by whether their cluster overrides the key: one finding per scope of cause.
 * Groups whose cluster is missing from the audit's settings are left out rather than guessed.
 */
export function groupsByScope(
  groups: CapGroup[],
  clusters: ClusterMemorySettings[],
  version: string | undefined,
): ScopeGroup[] {
  const settingsOf = new Map(clusters.map((c) => [c.cluster, c]));
  const out: ScopeGroup[] = [];
  for (const overridden of [true, false]) {
    const gs = groups.filter(
      (g) =>
        g.cause === 'overprovisioning' &&
        settingsOf.has(g.cluster) &&
        settingsOf.get(g.cluster)!.divideOverridden === overridden,
    );
    if (gs.length === 0) continue;
    const settings = gs.map((g) => settingsOf.get(g.cluster)!);
    out.push({
      overridden,
      scope: causeScope(version, overridden, settings[0]!.globalDivide),
      groups: gs,
      settings,
      vms: gs.flatMap((g) => g.vms),
    });
  }
  return out;
}

export interface SettingAction {
  tool: string;
  input: { name: string; value: string; scope: string; scopeName?: string; expectedValue: string };
}

/**
 * The setting changes that remove the cap: per cluster for an override or legacy ratio, once globally otherwise.
 * Each binds the value it assumes now (`expectedValue`), so a plan
 * approved later cannot undo someone else's change.
 */
export function settingActions(
  scope: CauseScope,
  settings: { cluster: string; ratio: number | string }[],
  key: string,
): SettingAction[] {
  if (scope === 'legacy-division')
    return settings.map((s) => ({
      tool: 'update_setting',
      input: {
        name: 'mem.overprovisioning.factor',
        value: '1',
        scope: 'cluster',
        scopeName: s.cluster,
        expectedValue: String(s.ratio),
      },
    }));
  if (scope === 'cluster')
    return settings.map((s) => ({
      tool: 'update_setting',
      input: { name: key, value: 'false', scope: 'cluster', scopeName: s.cluster, expectedValue: 'true' },
    }));
  return [
    { tool: 'update_setting', input: { name: key, value: 'false', scope: 'global', expectedValue: 'true' } },
  ];
}

/** A list of names for a title: the first `max`, then "(+N)". */
export function listNames(names: string[], max = 20): string {
  return names.slice(0, max).join(', ') + (names.length > max ? ` (+${names.length - max})` : '');
}
