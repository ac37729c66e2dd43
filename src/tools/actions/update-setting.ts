/** Mutating: changes a CloudStack setting at global or cluster/zone scope via updateConfiguration. Needs approval. */
import { z } from 'zod';
import { OpsError } from '../../core/errors.ts';
import { apiCall } from '../remote.ts';
import type { ToolDefinition } from '../types.ts';

const input = z.object({
  name: z.string().regex(/^[A-Za-z0-9._-]{2,128}$/),
  value: z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/),
  scope: z.enum(['global', 'zone', 'cluster']).default('global'),
  /** Zone or cluster name when scope is not global. */
  scopeName: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .optional(),
});

export const updateSetting: ToolDefinition<typeof input, { name: string; value: string; scope: string }> = {
  name: 'update_setting',
  title: { en: 'Change a CloudStack setting', ja: 'CloudStack設定の変更' },
  description:
    'Changes a CloudStack configuration value at global, zone or cluster scope (updateConfiguration). Never writes the database. Needs human approval.',
  input,
  risk: 'mutate',
  async run({ name, value, scope, scopeName }, ctx) {
    const params: { name: string; value: string; zoneid?: string; clusterid?: string } = { name, value };
    if (scope !== 'global') {
      const list = await apiCall(ctx, scope === 'zone' ? 'listZones' : 'listClusters', () =>
        scope === 'zone' ? ctx.api.listZones() : ctx.api.listClusters(),
      );
      const hit = list.find((x) => x.name === scopeName);
      if (!hit) throw new OpsError('invalid_argument', `no ${scope} named "${scopeName ?? ''}"`);
      if (scope === 'zone') params.zoneid = hit.id;
      else params.clusterid = hit.id;
    }
    await apiCall(ctx, `updateConfiguration name=${name} value=${value} ${scope}`, () =>
      ctx.api.updateConfiguration(params),
    );
    return {
      data: { name, value, scope },
      summary: `${name} = ${value} at ${scope}${scopeName ? ` ${scopeName}` : ''}`,
    };
  },
};
