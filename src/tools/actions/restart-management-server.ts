/** restart_management_server: `systemctl restart cloudstack-management` on a management host, then the API must answer. */
import { z } from 'zod';
import { hostNameSchema } from '../../config/schema.ts';
import { OpsError } from '../../core/errors.ts';
import { tr } from '../../i18n/text.ts';
import type { ToolContext } from '../context.ts';
import { apiCall, findHost, hostsByRole } from '../remote.ts';
import type { ToolDefinition } from '../types.ts';
import { restartUnit, unitActive } from './service-unit.ts';
import { combine, fail, pass } from './vm-common.ts';

const input = z.object({
  host: hostNameSchema.optional().describe('management host; the only one in the inventory when omitted'),
});

function mgmtHost(ctx: ToolContext, name?: string) {
  if (name) return findHost(ctx, name, 'management');
  const all = hostsByRole(ctx, 'management');
  if (all.length !== 1)
    throw new OpsError('invalid_argument', `${all.length} management hosts in ${ctx.env.name}: name one`);
  return all[0]!;
}

export const restartManagementServer: ToolDefinition<
  typeof input,
  { host: string; unit: string; state: string }
> = {
  name: 'restart_management_server',
  description:
    'Restarts the CloudStack management server (`sudo -n systemctl restart cloudstack-management` over SSH), then verifies the unit is active and the API answers. The UI and API are unavailable for a minute or two; running VMs are not affected. Needs human approval.',
  input,
  risk: 'mutate',
  describe: ({ host }, lang) =>
    tr(
      lang,
      `restart cloudstack-management on ${host ?? 'the management server'} (API/UI down for a minute or two; VMs keep running)`,
      `${host ?? '管理サーバー'} の cloudstack-management を再起動（API/UI が1〜2分停止、VM は稼働継続）`,
    ),
  async precheck({ host }, ctx) {
    return unitActive(ctx, mgmtHost(ctx, host), 'cloudstack-management');
  },
  async run({ host }, ctx) {
    return restartUnit(ctx, mgmtHost(ctx, host), 'cloudstack-management');
  },
  async verify({ host }, _data, ctx) {
    const unit = await unitActive(ctx, mgmtHost(ctx, host), 'cloudstack-management');
    const api = await apiCall(ctx, 'listZones', () => ctx.api.listZones())
      .then((z) =>
        pass(tr(ctx.lang, `API answers (${z.length} zones)`, `API 応答あり（ゾーン ${z.length}）`)),
      )
      .catch((e: unknown) =>
        fail(tr(ctx.lang, `API does not answer: ${String(e)}`, `API が応答しません: ${String(e)}`)),
      );
    return combine([unit, api]);
  },
};
