/**
 * cloudstack_setting: a configuration key's effective value at every scope (global, each zone, each cluster,
 * plus account/domain overrides when the read-only DB is configured), with default and description; or a
 * keyword search ("memory", "overprovisioning") over key names and descriptions.
 */
import { z } from 'zod';
import { isSecretSetting, REDACTED, redactSecrets } from '../../core/redact.ts';
import { tr } from '../../i18n/text.ts';
import type { ToolContext } from '../context.ts';
import { apiCall } from '../remote.ts';
import { textTable } from '../text-table.ts';
import type { ToolDefinition } from '../types.ts';

export interface ScopeValue {
  scope: 'zone' | 'cluster' | 'account' | 'domain';
  id: string;
  name: string;
  value: string;
  /** Differs from the global value, i.e. an override at this scope. */
  overridden: boolean;
}
export interface SettingView {
  name: string;
  description?: string;
  category?: string;
  defaultValue?: string;
  globalValue: string;
  isDynamic?: boolean;
  keyScope?: string;
  scopes: ScopeValue[];
  /** Values hidden because the setting holds a secret (by name, or CloudStack's Secure/Hidden category). */
  redacted?: boolean;
}
export interface SettingData {
  query: string;
  settings: SettingView[];
  /** Keyword search hits beyond those expanded. */
  otherMatches: { name: string; value: string }[];
}

const input = z.object({
  query: z
    .string()
    .regex(/^[A-Za-z0-9._-]{2,128}$/, 'a setting name or a keyword (letters, digits, ".", "_", "-")'),
});
const EXPAND_LIMIT = 4;

/**
 * Hides a secret setting's values (global, default, every scope) and returns the clear values, so they can
 * also be scrubbed from any other text of the result. Overrides were compared before, on the real values.
 */
function redactView(v: SettingView, hidden: string[]): SettingView {
  if (!isSecretSetting(v)) return v;
  hidden.push(v.globalValue, v.defaultValue ?? '', ...v.scopes.map((s) => s.value));
  return {
    ...v,
    globalValue: REDACTED,
    ...(v.defaultValue !== undefined ? { defaultValue: REDACTED } : {}),
    scopes: v.scopes.map((s) => ({ ...s, value: REDACTED })),
    redacted: true,
  };
}

async function expand(
  ctx: ToolContext,
  row: {
    name: string;
    value?: string;
    defaultvalue?: string;
    description?: string;
    category?: string;
    isdynamic?: boolean;
    scope?: string;
  },
  places: { zones: { id: string; name: string }[]; clusters: { id: string; name: string }[] },
): Promise<SettingView> {
  const globalValue = row.value ?? '';
  const keyScope = (row.scope ?? '').toLowerCase();
  const wantZones = keyScope === '' || keyScope.includes('zone');
  const wantClusters = keyScope === '' || keyScope.includes('cluster');
  const lookups: Promise<ScopeValue | undefined>[] = [];
  const one = (scope: 'zone' | 'cluster', p: { id: string; name: string }) =>
    apiCall(ctx, `listConfigurations name=${row.name} ${scope}id=${p.id}`, () =>
      ctx.api.listConfigurations({ name: row.name, [`${scope}id`]: p.id }),
    ).then((rows) => {
      const v = rows.find((r) => r.name === row.name)?.value;
      return v === undefined
        ? undefined
        : { scope, id: p.id, name: p.name, value: v, overridden: v !== globalValue };
    });
  if (wantZones) for (const z of places.zones) lookups.push(one('zone', z));
  if (wantClusters) for (const c of places.clusters) lookups.push(one('cluster', c));
  const scopes = (await Promise.all(lookups)).filter((s): s is ScopeValue => s !== undefined);
  if (ctx.db) {
    const t0 = Date.now();
    const dbScopes = await ctx.db.configurationScopes([row.name]);
    ctx.record({
      target: 'database',
      what: `configuration scopes of ${row.name}`,
      ok: true,
      durationMs: Date.now() - t0,
    });
    const overrides = dbScopes[0]?.overrides ?? [];
    // The DB says exactly which zones/clusters carry their own row, even one equal to the global value.
    for (const sc of scopes)
      sc.overridden = overrides.some((o) => o.scope === sc.scope && o.scopeName === sc.name);
    for (const o of overrides) {
      if (o.scope === 'account' || o.scope === 'domain')
        scopes.push({
          scope: o.scope,
          id: String(o.scopeId),
          name: o.scopeName,
          value: o.value,
          overridden: true,
        });
    }
  }
  return {
    name: row.name,
    description: row.description,
    category: row.category,
    defaultValue: row.defaultvalue,
    globalValue,
    isDynamic: row.isdynamic,
    keyScope: row.scope,
    scopes,
  };
}

export const cloudstackSetting: ToolDefinition<typeof input, SettingData> = {
  name: 'cloudstack_setting',
  title: { en: 'CloudStack setting', ja: 'CloudStack設定' },
  description:
    "Shows a CloudStack configuration setting's effective value at each scope — global, every zone, every cluster (and account/domain when the DB is configured) — with its default and description, marking overrides. Accepts an exact key (e.g. vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor) or a keyword (e.g. memory, overprovisioning).",
  input,
  risk: 'read',
  async run({ query }, ctx) {
    const [exact, zones, clusters] = await Promise.all([
      apiCall(ctx, `listConfigurations name=${query}`, () => ctx.api.listConfigurations({ name: query })),
      apiCall(ctx, 'listZones', () => ctx.api.listZones()),
      apiCall(ctx, 'listClusters', () => ctx.api.listClusters()),
    ]);
    const places = {
      zones: zones.map((z) => ({ id: z.id, name: z.name })),
      clusters: clusters.map((c) => ({ id: c.id, name: c.name })),
    };
    const hidden: string[] = [];
    let rows = exact.filter((r) => r.name === query);
    let otherMatches: { name: string; value: string }[] = [];
    if (rows.length === 0) {
      const hits = await apiCall(ctx, `listConfigurations keyword=${query}`, () =>
        ctx.api.listConfigurations({ keyword: query }),
      );
      rows = hits.slice(0, EXPAND_LIMIT);
      otherMatches = hits.slice(EXPAND_LIMIT).map((r) => ({
        name: r.name,
        value: isSecretSetting(r) ? REDACTED : (r.value ?? ''),
      }));
      hidden.push(...hits.filter(isSecretSetting).map((r) => r.value ?? ''));
    }
    const settings = (await Promise.all(rows.map((r) => expand(ctx, r, places)))).map((v) =>
      redactView(v, hidden),
    );
    // Secret values also leave every other string of the result (a description quoting one, say).
    const data: SettingData = redactSecrets({ query, settings, otherMatches }, hidden);
    if (settings.length === 0)
      return {
        status: 'no_data',
        data,
        summary: tr(ctx.lang, `No setting matches "${query}".`, `"${query}" に一致する設定はありません。`),
      };
    const lines = settings.map((s) => {
      const ov = s.scopes.filter((x) => x.overridden);
      const head = `${s.name} = ${s.globalValue} (global${s.defaultValue !== undefined ? `, default ${s.defaultValue}` : ''})`;
      return ov.length
        ? `${head}; overrides: ${ov.map((o) => `${o.scope} ${o.name}=${o.value}`).join(', ')}`
        : head;
    });
    if (otherMatches.length)
      lines.push(
        tr(
          ctx.lang,
          `…and ${otherMatches.length} more matches: ${otherMatches.map((m) => m.name).join(', ')}`,
          `…他 ${otherMatches.length} 件: ${otherMatches.map((m) => m.name).join(', ')}`,
        ),
      );
    return { data, summary: redactSecrets(lines.join('\n'), hidden) };
  },
  renderText(env, lang) {
    if (!env.data) return env.summary;
    const out: string[] = [];
    for (const s of env.data.settings) {
      out.push(`${s.name}${s.description ? `\n  ${s.description}` : ''}`);
      const rows = [
        [
          'global',
          '',
          s.globalValue,
          s.redacted
            ? tr(lang, 'secret: value hidden', '機密情報のため値は非表示')
            : s.defaultValue !== undefined && s.globalValue !== s.defaultValue
              ? tr(lang, `changed (default ${s.defaultValue})`, `変更済み（既定値 ${s.defaultValue}）`)
              : tr(lang, 'default', '既定値'),
        ],
      ];
      for (const sc of s.scopes)
        rows.push([
          sc.scope,
          sc.name,
          sc.value,
          sc.overridden ? tr(lang, 'OVERRIDE', '上書き') : tr(lang, 'inherits', '継承'),
        ]);
      out.push(textTable(tr(lang, 'scope|name|value|note', 'スコープ|名前|値|備考').split('|'), rows), '');
    }
    for (const m of env.data.otherMatches) out.push(`  ${m.name} = ${m.value}`);
    return out.join('\n').trimEnd();
  },
};
