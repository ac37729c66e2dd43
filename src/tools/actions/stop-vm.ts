/** stop_vm: stops a running VM, gracefully (ACPI shutdown) unless the plan explicitly asks for forced. */
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
    .describe('true = mark Stopped even if the host does not answer (power off); only when asked'),
  expectedHost: expectedHostField,
});

export const stopVm: ToolDefinition<typeof input, VmActionData> = {
  name: 'stop_vm',
  description:
    'Stops a running VM through the CloudStack API (stopVirtualMachine): a graceful guest shutdown, or forced=true only when explicitly asked. Follows the async job and verifies the VM is Stopped. Needs human approval.',
  input,
  risk: 'mutate',
  describe: ({ vm, forced, expectedHost }, lang) => {
    const on = expectedHost ? tr(lang, ` on ${expectedHost}`, `（${expectedHost} 上）`) : '';
    return forced
      ? tr(
          lang,
          `FORCE-stop ${vm}${on} (no guest shutdown)`,
          `${vm}${on} を強制停止（ゲストのシャットダウンなし）`,
        )
      : tr(lang, `stop ${vm}${on} (graceful shutdown)`, `${vm}${on} を停止（正常シャットダウン）`);
  },
  precheck: guarded(async (i, ctx) => {
    const vm = await findVm(ctx, i.vm);
    const checks = assumptionProblems(vm, { ...i, expectedState: 'Running' }, ctx.lang).map(fail);
    if (checks.length === 0) checks.push(pass(vmWhere(vm, ctx.lang)));
    checks.push(await vmStorageCheck(ctx, vm));
    return combine(checks);
  }),
  async run(i, ctx) {
    const vm = await findVm(ctx, i.vm);
    await apiCall(ctx, `stopVirtualMachine id=${vm.id}${i.forced ? ' forced=true' : ''}`, () =>
      ctx.api.stopVirtualMachine(vm.id, i.forced, { signal: ctx.signal }),
    );
    const now = await vmById(ctx, vm.id);
    return { data: { vm: vm.name, id: vm.id, state: now.state }, summary: vmWhere(now, ctx.lang) };
  },
  verify: guarded(async (i, data: VmActionData | undefined, ctx) => {
    const now = await vmNow(ctx, i.vm, data);
    return now.state === 'Stopped' ? pass(vmWhere(now, ctx.lang)) : fail(vmWhere(now, ctx.lang));
  }),
};
