/**
 * What every VM action shares: the input fields that bind a plan to what it assumed (expectedHost,
 * expectedState), a fresh look at the VM by id, and the checks a precheck or verify makes on it.
 */
import { z } from 'zod';
import type { VirtualMachine } from '../../cloudstack/types.ts';
import { hostNameSchema } from '../../config/schema.ts';
import { describeError, OpsError } from '../../core/errors.ts';
import { tr } from '../../i18n/text.ts';
import { findVm } from '../cloudstack/find-vm.ts';
import { vmNameSchema } from '../cloudstack/vm-name.ts';
import type { ToolContext } from '../context.ts';
import { apiCall } from '../remote.ts';
import type { Lang } from '../types.ts';

export const vmField = vmNameSchema;
export const hostField = hostNameSchema;
export const expectedHostField = hostNameSchema
  .optional()
  .describe('the host the plan assumed the VM runs on; the step is cancelled when it moved');
export const expectedStateField = z
  .enum(['Running', 'Stopped'])
  .optional()
  .describe('the state the plan assumed; the step is cancelled when it differs');

/** What a VM action returns: the VM and where it is after the action (read again by id). */
export interface VmActionData {
  vm: string;
  id: string;
  state: string;
  host?: string;
}

export interface Check {
  ok: boolean;
  text: string;
}

export const vmLabel = (vm: VirtualMachine): string =>
  `${vm.name}${vm.instancename ? ` (${vm.instancename})` : ''}`;

export const vmWhere = (vm: VirtualMachine, lang: Lang): string =>
  vm.state === 'Running' && vm.hostname
    ? tr(lang, `${vmLabel(vm)} Running on ${vm.hostname}`, `${vmLabel(vm)} は ${vm.hostname} で Running`)
    : tr(lang, `${vmLabel(vm)} ${vm.state}`, `${vmLabel(vm)} は ${vm.state}`);

/** Reads the VM again by id: after a job, state and host must come from CloudStack, not from the job's answer. */
export async function vmById(ctx: ToolContext, id: string): Promise<VirtualMachine> {
  const [vm] = await apiCall(ctx, `listVirtualMachines id=${id}`, () => ctx.api.listVirtualMachines({ id }));
  if (!vm) throw new OpsError('unknown_vm', `VM ${id} no longer exists in ${ctx.env.name}`);
  return vm;
}

/**
 * The VM as it is now, for a verification: by the id the run returned, or by name when there is no run data
 * (after a restart the executor verifies a step whose run it never saw end).
 */
export const vmNow = (ctx: ToolContext, name: string, data: { id?: string } | undefined) =>
  data?.id ? vmById(ctx, data.id) : findVm(ctx, name);

/** The plan's assumptions about where the VM is and in which state, each failure as one reason. */
export function assumptionProblems(
  vm: VirtualMachine,
  a: { expectedHost?: string; expectedState?: 'Running' | 'Stopped' },
  lang: Lang,
): string[] {
  const out: string[] = [];
  if (a.expectedState && vm.state !== a.expectedState)
    out.push(
      tr(
        lang,
        `${vm.name} is ${vm.state}, the plan assumed ${a.expectedState}`,
        `${vm.name} は ${vm.state} です（計画の前提は ${a.expectedState}）`,
      ),
    );
  if (a.expectedHost && vm.state === 'Running' && vm.hostname !== a.expectedHost)
    out.push(
      tr(
        lang,
        `${vm.name} runs on ${vm.hostname ?? '?'}, the plan assumed ${a.expectedHost}`,
        `${vm.name} は ${vm.hostname ?? '?'} で稼働中です（計画の前提は ${a.expectedHost}）`,
      ),
    );
  return out;
}

/** Joins checks: ok only when all are, the text lists every finding (failures first). */
export function combine(checks: Check[]): Check {
  const bad = checks.filter((c) => !c.ok);
  return {
    ok: bad.length === 0,
    text: [...bad, ...checks.filter((c) => c.ok)].map((c) => c.text).join('; '),
  };
}

export const fail = (text: string): Check => ({ ok: false, text });
export const pass = (text: string): Check => ({ ok: true, text });

/** A CloudStack host by exact name (listHosts name= is a substring match). */
export async function hostByName(ctx: ToolContext, name: string) {
  const hosts = await apiCall(ctx, `listHosts name=${name}`, () => ctx.api.listHosts({ name }));
  const h = hosts.find((x) => x.name === name);
  if (!h) throw new OpsError('unknown_host', `no CloudStack host named "${name}" in ${ctx.env.name}`);
  return h;
}

/**
 * Wraps a precheck/verify so it never throws: an unknown VM, a dead host or an API error becomes a failed check
 * that says it could not check — never an exception the caller might mistake for "nothing to report".
 */
export function guarded<I, A extends unknown[]>(
  fn: (i: I, ...rest: A) => Promise<Check>,
): (i: I, ...rest: A) => Promise<Check> {
  return async (i, ...rest) => {
    try {
      return await fn(i, ...rest);
    } catch (e) {
      return fail(`could not check: ${describeError(e)}`);
    }
  };
}
