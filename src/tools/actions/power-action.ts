/**
 * stop_vm and reboot_vm are one shape: a running VM, an optional `forced`, the plan's expectedHost, one
 * CloudStack call, then the VM read again by id and verified in the state the action leads to. Declared once
 * here so a fix to the checks (or a new power action) happens in one place.
 */
import { z } from 'zod';
import type { CloudStackClient } from '../../cloudstack/client.ts';
import { findVm } from '../cloudstack/find-vm.ts';
import { apiCall } from '../remote.ts';
import type { Lang, ToolDefinition, ToolTitle } from '../types.ts';
import { vmStorageCheck } from './storage-check.ts';
import {
  assumptionProblems,
  combine,
  expectedHostField,
  fail,
  guarded,
  pass,
  type VmActionData,
  vmById,
  vmField,
  vmNow,
  vmWhere,
} from './vm-common.ts';

const powerInput = (forcedMeans: string) =>
  z.object({
    vm: vmField,
    forced: z.boolean().default(false).describe(forcedMeans),
    expectedHost: expectedHostField,
  });
export type PowerInput = ReturnType<typeof powerInput>;

export interface PowerActionSpec {
  name: string;
  title: ToolTitle;
  description: string;
  /** What `forced: true` means for this action (shown to the model and in MCP schemas). */
  forcedMeans: string;
  idempotent?: boolean;
  describe(input: z.output<PowerInput>, lang: Lang): string;
  /** The CloudStack command, as recorded in the tool's runs. */
  command: 'stopVirtualMachine' | 'rebootVirtualMachine';
  call(api: CloudStackClient, id: string, forced: boolean, signal: AbortSignal | undefined): Promise<unknown>;
  /** The state the VM is in when the action worked. */
  leadsTo: 'Running' | 'Stopped';
}

/** A VM power action (precheck: Running where the plan assumed, storage healthy; verify: `leadsTo`). */
export function powerAction(spec: PowerActionSpec): ToolDefinition<PowerInput, VmActionData> {
  return {
    name: spec.name,
    title: spec.title,
    description: spec.description,
    input: powerInput(spec.forcedMeans),
    risk: 'mutate',
    ...(spec.idempotent ? { idempotent: true } : {}),
    describe: spec.describe,
    precheck: guarded(async (i, ctx) => {
      const vm = await findVm(ctx, i.vm);
      const checks = assumptionProblems(vm, { ...i, expectedState: 'Running' }, ctx.lang).map(fail);
      if (checks.length === 0) checks.push(pass(vmWhere(vm, ctx.lang)));
      checks.push(await vmStorageCheck(ctx, vm));
      return combine(checks);
    }),
    async run(i, ctx) {
      const vm = await findVm(ctx, i.vm);
      await apiCall(ctx, `${spec.command} id=${vm.id}${i.forced ? ' forced=true' : ''}`, () =>
        spec.call(ctx.api, vm.id, i.forced, ctx.signal),
      );
      const now = await vmById(ctx, vm.id);
      // A stopped VM has no host to report.
      const data: VmActionData =
        spec.leadsTo === 'Running'
          ? { vm: vm.name, id: vm.id, state: now.state, host: now.hostname }
          : { vm: vm.name, id: vm.id, state: now.state };
      return { data, summary: vmWhere(now, ctx.lang) };
    },
    verify: guarded(async (i, data: VmActionData | undefined, ctx) => {
      const now = await vmNow(ctx, i.vm, data);
      return now.state === spec.leadsTo ? pass(vmWhere(now, ctx.lang)) : fail(vmWhere(now, ctx.lang));
    }),
  };
}
