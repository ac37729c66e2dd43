/**
 * reboot_vm: forced=false is an ACPI reboot of the same domain (memory unchanged); forced=true is CloudStack's
 * stop + start (since 4.16), which regenerates the domain and so applies changed memory settings.
 */
import { z } from 'zod';
import { tr } from '../../i18n/text.ts';
import { findVm } from '../cloudstack/find-vm.ts';
import { apiCall } from '../remote.ts';
import type { ToolDefinition } from '../types.ts';
import type { VmActionData } from './start-vm.ts';
import { vmStorageCheck } from './storage-check.ts';
import {
  assumptionProblems,
  combine,
  expectedHostField,
  fail,
  guarded,
  pass,
  vmById,
  vmField,
  vmNow,
  vmWhere,
} from './vm-common.ts';

const input = z.object({
  vm: vmField,
  forced: z
    .boolean()
    .default(false)
    .describe('true = stop + start (new domain, memory re-sized); false = guest reboot, same domain'),
  expectedHost: expectedHostField,
});

export const rebootVm: ToolDefinition<typeof input, VmActionData> = {
  name: 'reboot_vm',
  description:
    'Reboots a running VM through the CloudStack API (rebootVirtualMachine). forced=false: guest reboot of the same libvirt domain, memory unchanged. forced=true: stop + start, the domain is re-created and its memory re-sized from the current settings (the memory-cap fix). Verifies the VM is Running again. Needs human approval.',
  input,
  risk: 'mutate',
  describe: ({ vm, forced }, lang) =>
    forced
      ? tr(
          lang,
          `forced reboot of ${vm} = stop + start (memory re-sized)`,
          `${vm} の強制再起動 = 停止+起動（メモリ再設定）`,
        )
      : tr(
          lang,
          `reboot ${vm} (guest reboot, memory unchanged)`,
          `${vm} を再起動（ゲスト再起動、メモリは変わりません）`,
        ),
  precheck: guarded(async (i, ctx) => {
    const vm = await findVm(ctx, i.vm);
    const checks = assumptionProblems(vm, { ...i, expectedState: 'Running' }, ctx.lang).map(fail);
    if (checks.length === 0) checks.push(pass(vmWhere(vm, ctx.lang)));
    checks.push(await vmStorageCheck(ctx, vm));
    return combine(checks);
  }),
  async run(i, ctx) {
    const vm = await findVm(ctx, i.vm);
    await apiCall(ctx, `rebootVirtualMachine id=${vm.id}${i.forced ? ' forced=true' : ''}`, () =>
      ctx.api.rebootVirtualMachine(vm.id, i.forced, { signal: ctx.signal }),
    );
    const now = await vmById(ctx, vm.id);
    return {
      data: { vm: vm.name, id: vm.id, state: now.state, host: now.hostname },
      summary: vmWhere(now, ctx.lang),
    };
  },
  verify: guarded(async (i, data: VmActionData | undefined, ctx) => {
    const now = await vmNow(ctx, i.vm, data);
    return now.state === 'Running' ? pass(vmWhere(now, ctx.lang)) : fail(vmWhere(now, ctx.lang));
  }),
};
