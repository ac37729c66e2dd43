/** scale_vm: moves a VM to another service offering (scaleVirtualMachine); a fixed-offering VM must be stopped first. */
import { z } from 'zod';
import { OpsError } from '../../core/errors.ts';
import { tr } from '../../i18n/text.ts';
import { findVm } from '../cloudstack/find-vm.ts';
import type { ToolContext } from '../context.ts';
import { apiCall } from '../remote.ts';
import type { ToolDefinition } from '../types.ts';
import { vmStorageCheck } from './storage-check.ts';
import { combine, fail, guarded, pass, vmById, vmField, vmNow } from './vm-common.ts';

const offeringName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,79}$/);

const input = z.object({
  vm: vmField,
  offering: offeringName.describe('name of the target service offering'),
  expectedOffering: offeringName.optional().describe('the offering the plan assumed the VM has now'),
});

export interface ScaleData {
  vm: string;
  id: string;
  from?: string;
  to: string;
}

async function offeringByName(ctx: ToolContext, name: string) {
  const all = await apiCall(ctx, `listServiceOfferings name=${name}`, () =>
    ctx.api.listServiceOfferings({ name }),
  );
  const o = all.find((x) => x.name === name);
  if (!o) throw new OpsError('invalid_argument', `no service offering named "${name}" in ${ctx.env.name}`);
  return o;
}

export const scaleVm: ToolDefinition<typeof input, ScaleData> = {
  name: 'scale_vm',
  description:
    'Changes a VM to another service offering through the CloudStack API (scaleVirtualMachine) and verifies the new offering. A VM without dynamic scaling must be Stopped; the new size applies at its next start. Needs human approval.',
  input,
  risk: 'mutate',
  describe: ({ vm, offering, expectedOffering }, lang) =>
    tr(
      lang,
      `change ${vm} to service offering ${offering}${expectedOffering ? ` (from ${expectedOffering})` : ''}`,
      `${vm} のサービスオファリングを${expectedOffering ? ` ${expectedOffering} から` : ''} ${offering} に変更`,
    ),
  precheck: guarded(async (i, ctx) => {
    const vm = await findVm(ctx, i.vm);
    const target = await offeringByName(ctx, i.offering);
    const checks = [];
    if (i.expectedOffering && vm.serviceofferingname !== i.expectedOffering)
      checks.push(
        fail(
          tr(
            ctx.lang,
            `${vm.name} has offering ${vm.serviceofferingname}, the plan assumed ${i.expectedOffering}`,
            `${vm.name} のオファリングは ${vm.serviceofferingname}（計画の前提は ${i.expectedOffering}）`,
          ),
        ),
      );
    if (vm.serviceofferingid === target.id)
      checks.push(
        fail(
          tr(ctx.lang, `${vm.name} already has ${target.name}`, `${vm.name} はすでに ${target.name} です`),
        ),
      );
    if (vm.state !== 'Stopped' && !vm.isdynamicallyscalable)
      checks.push(
        fail(
          tr(
            ctx.lang,
            `${vm.name} is ${vm.state} and not dynamically scalable: stop it first`,
            `${vm.name} は ${vm.state} で動的スケール不可です。先に停止してください`,
          ),
        ),
      );
    if (checks.length === 0)
      checks.push(
        pass(
          tr(
            ctx.lang,
            `${vm.name} ${vm.state}, ${vm.serviceofferingname} → ${target.name} (${target.memory} MiB)`,
            `${vm.name} ${vm.state}、${vm.serviceofferingname} → ${target.name}（${target.memory} MiB）`,
          ),
        ),
      );
    checks.push(await vmStorageCheck(ctx, vm));
    return combine(checks);
  }),
  async run(i, ctx) {
    const vm = await findVm(ctx, i.vm);
    const target = await offeringByName(ctx, i.offering);
    await apiCall(ctx, `scaleVirtualMachine id=${vm.id} serviceofferingid=${target.id}`, () =>
      ctx.api.scaleVirtualMachine(vm.id, target.id, { signal: ctx.signal }),
    );
    const now = await vmById(ctx, vm.id);
    return {
      data: { vm: vm.name, id: vm.id, from: vm.serviceofferingname, to: target.name },
      summary: `${vm.name}: ${vm.serviceofferingname} → ${now.serviceofferingname}`,
    };
  },
  verify: guarded(async (i, data: ScaleData | undefined, ctx) => {
    const now = await vmNow(ctx, i.vm, data);
    const text = `${now.name}: ${now.serviceofferingname} (${now.memory} MiB)`;
    return now.serviceofferingname === i.offering ? pass(text) : fail(text);
  }),
};
