/** start_vm: starts a stopped VM (optionally on a chosen host); CloudStack sizes its memory from the settings of this moment. */
import { z } from 'zod';
import { OpsError } from '../../core/errors.ts';
import { tr } from '../../i18n/text.ts';
import { findVm } from '../cloudstack/find-vm.ts';
import { apiCall } from '../remote.ts';
import type { ToolDefinition } from '../types.ts';
import { vmStorageCheck } from './storage-check.ts';
import {
  assumptionProblems,
  combine,
  expectedStateField,
  fail,
  guarded,
  hostByName,
  hostField,
  pass,
  type VmActionData,
  vmById,
  vmField,
  vmNow,
  vmWhere,
} from './vm-common.ts';

const input = z.object({
  vm: vmField,
  host: hostField.optional().describe('start on this host (same cluster); CloudStack chooses when omitted'),
  expectedState: expectedStateField,
});

export const startVm: ToolDefinition<typeof input, VmActionData> = {
  name: 'start_vm',
  title: { en: 'Start a VM', ja: 'VMの起動' },
  description:
    'Starts a stopped VM through the CloudStack API (startVirtualMachine, optional hostid), follows the async job and verifies it is Running (on that host). CloudStack re-sizes the domain memory from the current settings at every start. Needs human approval.',
  input,
  risk: 'mutate',
  idempotent: true,
  describe: ({ vm, host }, lang) =>
    tr(
      lang,
      `start ${vm}${host ? ` on ${host}` : ''} (memory is sized from the current settings)`,
      `${vm} を${host ? ` ${host} で` : ''}起動（メモリは現在の設定で決まります）`,
    ),
  precheck: guarded(async (i, ctx) => {
    const vm = await findVm(ctx, i.vm);
    const checks = assumptionProblems(vm, i, ctx.lang).map(fail);
    // In a stop/start plan the VM is still Running when the request is made; right before the step it must be Stopped.
    if (vm.state !== 'Stopped' && vm.state !== 'Running')
      checks.push(fail(tr(ctx.lang, `${vm.name} is ${vm.state}`, `${vm.name} は ${vm.state} です`)));
    else checks.push(pass(vmWhere(vm, ctx.lang)));
    if (i.host) {
      const h = await hostByName(ctx, i.host);
      checks.push(
        h.state === 'Up'
          ? pass(tr(ctx.lang, `${h.name} is Up`, `${h.name} は Up`))
          : fail(tr(ctx.lang, `${h.name} is ${h.state ?? '?'}`, `${h.name} は ${h.state ?? '?'} です`)),
      );
    }
    checks.push(await vmStorageCheck(ctx, vm));
    return combine(checks);
  }),
  async run(i, ctx) {
    const vm = await findVm(ctx, i.vm);
    if (vm.state === 'Running')
      throw new OpsError(
        'invalid_argument',
        `${vm.name} is already Running on ${vm.hostname ?? '?'}: nothing started`,
      );
    const hostid = i.host ? (await hostByName(ctx, i.host)).id : undefined;
    await apiCall(ctx, `startVirtualMachine id=${vm.id}${hostid ? ` hostid=${hostid}` : ''}`, () =>
      ctx.api.startVirtualMachineOn(vm.id, hostid, { signal: ctx.signal }),
    );
    const now = await vmById(ctx, vm.id);
    return {
      data: { vm: vm.name, id: vm.id, state: now.state, host: now.hostname },
      summary: vmWhere(now, ctx.lang),
    };
  },
  verify: guarded(async (i, data: VmActionData | undefined, ctx) => {
    const now = await vmNow(ctx, i.vm, data);
    if (now.state !== 'Running') return fail(vmWhere(now, ctx.lang));
    if (i.host && now.hostname !== i.host)
      return fail(
        tr(
          ctx.lang,
          `${now.name} runs on ${now.hostname}, not ${i.host}`,
          `${now.name} は ${i.host} ではなく ${now.hostname} で稼働`,
        ),
      );
    return pass(vmWhere(now, ctx.lang));
  }),
};
