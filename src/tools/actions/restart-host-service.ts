/** restart_host_service: restarts cloudstack-agent or libvirtd on one KVM host (a fixed enum of units). */
import { z } from 'zod';
import { hostNameSchema } from '../../config/schema.ts';
import { tr } from '../../i18n/text.ts';
import { findHost } from '../remote.ts';
import type { ToolDefinition } from '../types.ts';
import { restartUnit, unitActive } from './service-unit.ts';
import { guarded } from './vm-common.ts';

const input = z.object({
  host: hostNameSchema.describe('KVM host'),
  unit: z.enum(['cloudstack-agent', 'libvirtd']),
});

export const restartHostService: ToolDefinition<typeof input, { host: string; unit: string; state: string }> =
  {
    name: 'restart_host_service',
    description:
      'Restarts cloudstack-agent or libvirtd on one KVM host (`sudo -n systemctl restart <unit>` over SSH) and verifies the unit is active. Running guests keep running; the host may show Disconnected in CloudStack for a moment. Needs human approval.',
    input,
    risk: 'mutate',
    describe: ({ host, unit }, lang) =>
      tr(
        lang,
        `restart ${unit} on KVM host ${host} (guests keep running)`,
        `KVM ホスト ${host} の ${unit} を再起動（ゲストは稼働継続）`,
      ),
    // Any state is fine to restart from; the check proves the host answers over SSH.
    precheck: guarded(async ({ host, unit }, ctx) => {
      const c = await unitActive(ctx, findHost(ctx, host, 'kvm'), unit);
      return { ok: true, text: c.text };
    }),
    async run({ host, unit }, ctx) {
      return restartUnit(ctx, findHost(ctx, host, 'kvm'), unit);
    },
    verify: guarded(({ host, unit }, _data, ctx) => unitActive(ctx, findHost(ctx, host, 'kvm'), unit)),
  };
