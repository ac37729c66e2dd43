/**
 * update_setting: changes a CloudStack configuration value at global / zone / cluster / account / domain /
 * storage scope through updateConfiguration (never the database), then reads it back at that scope.
 */
import { z } from 'zod';
import { OpsError } from '../../core/errors.ts';
import { tr } from '../../i18n/text.ts';
import { apiCall } from '../remote.ts';
import type { ToolDefinition } from '../types.ts';
import { readSetting, SETTING_SCOPES, sameSettingValue, scopeParam, scopeText } from './setting-scope.ts';
import { combine, fail, guarded, pass } from './vm-common.ts';

const settingValue = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/);
const input = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9._-]{2,128}$/),
    value: settingValue,
    scope: z.enum(SETTING_SCOPES).default('global'),
    /** Zone, cluster, account, domain or storage pool name when scope is not global. */
    scopeName: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/)
      .optional(),
    expectedValue: settingValue
      .optional()
      .describe('the value the plan assumed the setting has now at that scope'),
  })
  .refine((i) => i.scope === 'global' || i.scopeName !== undefined, {
    message: 'scopeName is required unless scope is global',
    path: ['scopeName'],
  });

export interface UpdateSettingData {
  name: string;
  value: string;
  scope: string;
  scopeName?: string;
  previous?: string;
}

export const updateSetting: ToolDefinition<typeof input, UpdateSettingData> = {
  name: 'update_setting',
  description:
    'Changes a CloudStack configuration value at global, zone, cluster, account, domain or storage (pool) scope through the API (updateConfiguration with that scope id), never the database, and reads it back. Running VMs keep their size until stopped and started. Needs human approval.',
  input,
  risk: 'mutate',
  describe: ({ name, value, scope, scopeName, expectedValue }, lang) =>
    tr(
      lang,
      `set ${name} = ${value} at ${scopeText(scope, scopeName)}${expectedValue !== undefined ? ` (now ${expectedValue})` : ''}`,
      `${scopeText(scope, scopeName)} の ${name} を ${value} に変更${expectedValue !== undefined ? `（現在 ${expectedValue}）` : ''}`,
    ),
  precheck: guarded(async (i, ctx) => {
    const at = scopeText(i.scope, i.scopeName);
    const current = await readSetting(ctx, i.name, await scopeParam(ctx, i.scope, i.scopeName));
    if (current === undefined)
      return fail(tr(ctx.lang, `${i.name} cannot be set at ${at}`, `${i.name} は ${at} では設定できません`));
    const checks = [
      pass(tr(ctx.lang, `${i.name} is ${current} at ${at}`, `${at} の ${i.name} は ${current}`)),
    ];
    if (i.expectedValue !== undefined && !sameSettingValue(current, i.expectedValue))
      checks.push(
        fail(
          tr(
            ctx.lang,
            `${i.name} is ${current} at ${at}, the plan assumed ${i.expectedValue}`,
            `${at} の ${i.name} は ${current} です（計画の前提は ${i.expectedValue}）`,
          ),
        ),
      );
    return combine(checks);
  }),
  async run(i, ctx) {
    const scope = await scopeParam(ctx, i.scope, i.scopeName);
    const previous = await readSetting(ctx, i.name, scope);
    if (previous === undefined)
      throw new OpsError('invalid_argument', `${i.name} cannot be set at ${scopeText(i.scope, i.scopeName)}`);
    await apiCall(
      ctx,
      `updateConfiguration name=${i.name} value=${i.value} ${scopeText(i.scope, i.scopeName)}`,
      () => ctx.api.updateConfiguration({ name: i.name, value: i.value, ...scope }, { signal: ctx.signal }),
    );
    return {
      data: { name: i.name, value: i.value, scope: i.scope, scopeName: i.scopeName, previous },
      summary: `${i.name}: ${previous} → ${i.value} at ${scopeText(i.scope, i.scopeName)}`,
    };
  },
  verify: guarded(async (i, _data, ctx) => {
    const now = await readSetting(ctx, i.name, await scopeParam(ctx, i.scope, i.scopeName));
    const text = tr(
      ctx.lang,
      `${i.name} reads ${now ?? '?'} at ${scopeText(i.scope, i.scopeName)}`,
      `${scopeText(i.scope, i.scopeName)} の ${i.name} は ${now ?? '?'}`,
    );
    return sameSettingValue(now, i.value) ? pass(text) : fail(text);
  }),
};
