/** restart_management_server: `systemctl restart cloudstack-management` on a management host, then the API must answer. */

import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { hostNameSchema } from '../../config/schema.ts';
import { describeError, OpsError } from '../../core/errors.ts';
import { tr } from '../../i18n/text.ts';
import type { ToolContext } from '../context.ts';
import { apiCall, findHost, hostsByRole } from '../remote.ts';
import type { ToolDefinition } from '../types.ts';
import { restartUnit, unitActive } from './service-unit.ts';
import { combine, fail, guarded, pass } from './vm-common.ts';

const input = z.object({
  host: hostNameSchema.optional().describe('management host; the only one in the inventory when omitted'),
});

/** The Java server takes a minute or two after systemd calls it active: ask the API until it answers. */
const API_WAIT_MS = 180_000;
const API_POLL_MS = 5_000;

async function waitForApi(ctx: ToolContext) {
  const deadline = Date.now() + API_WAIT_MS;
  for (;;) {
    try {
      const z = await apiCall(ctx, 'listZones', () => ctx.api.listZones({}, { signal: ctx.signal }));
      return pass(tr(ctx.lang, `API answers (${z.length} zones)`, `API 応答あり（ゾーン ${z.length}）`));
    } catch (e) {
      if (Date.now() + API_POLL_MS > deadline || ctx.signal?.aborted)
        return fail(
          tr(ctx.lang, `API does not answer: ${describeError(e)}`, `API が応答しません: ${describeError(e)}`),
        );
      await sleep(API_POLL_MS, undefined, { signal: ctx.signal });
    }
  }
}

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
  precheck: guarded(async ({ host }, ctx) => {
    return unitActive(ctx, mgmtHost(ctx, host), 'cloudstack-management');
  }),
  async run({ host }, ctx) {
    return restartUnit(ctx, mgmtHost(ctx, host), 'cloudstack-management');
  },
  verify: guarded(async ({ host }, _data, ctx) => {
    const unit = await unitActive(ctx, mgmtHost(ctx, host), 'cloudstack-management');
    const api = await waitForApi(ctx);
    return combine([unit, api]);
  }),
};
