/** migrate_vm: live migration to a chosen host, or to the best one findHostsForMigration offers, with the reason. */
import { z } from 'zod';
import { OpsError } from '../../core/errors.ts';
import { tr } from '../../i18n/text.ts';
import { findVm } from '../cloudstack/find-vm.ts';
import type { ToolContext } from '../context.ts';
import { apiCall } from '../remote.ts';
import type { ToolDefinition } from '../types.ts';
import { chooseMigrationTarget } from './migration-target.ts';
import { vmStorageCheck } from './storage-check.ts';
import {
  assumptionProblems,
  combine,
  expectedHostField,
  fail,
  guarded,
  hostField,
  pass,
  vmById,
  vmField,
  vmNow,
  vmWhere,
} from './vm-common.ts';

const input = z.object({
  vm: vmField,
  host: hostField
    .optional()
    .describe('target host; the best suitable one from findHostsForMigration when omitted'),
  expectedHost: expectedHostField,
});

export interface MigrateData {
  vm: string;
  id: string;
  from?: string;
  to: string;
  reason: string;
  state: string;
  host?: string;
}

async function target(ctx: ToolContext, vmName: string, wanted: string | undefined) {
  const vm = await findVm(ctx, vmName);
  const candidates = await apiCall(ctx, `findHostsForMigration virtualmachineid=${vm.id}`, () =>
    ctx.api.findHostsForMigration(vm.id),
  );
  return { vm, choice: chooseMigrationTarget(candidates, vm.memory ?? 0, wanted, ctx.lang) };
}

export const migrateVm: ToolDefinition<typeof input, MigrateData> = {
  name: 'migrate_vm',
  description:
    'Live-migrates a running VM through the CloudStack API (migrateVirtualMachine) to the given host, or to the suitable host with the most free memory that needs no storage motion (findHostsForMigration), and verifies it runs there. Live migration keeps the domain definition: it does not re-size memory. Needs human approval.',
  input,
  risk: 'mutate',
  describe: ({ vm, host, expectedHost }, lang) =>
    tr(
      lang,
      `live-migrate ${vm}${expectedHost ? ` from ${expectedHost}` : ''} to ${host ?? 'the best suitable host (chosen by findHostsForMigration at run time)'}`,
      `${vm} を${expectedHost ? ` ${expectedHost} から` : ''} ${host ?? '最適な移行先（実行時に findHostsForMigration で選択）'} へライブマイグレーション`,
    ),
  precheck: guarded(async (i, ctx) => {
    const { vm, choice } = await target(ctx, i.vm, i.host);
    const checks = assumptionProblems(vm, { ...i, expectedState: 'Running' }, ctx.lang).map(fail);
    if (checks.length === 0) checks.push(pass(vmWhere(vm, ctx.lang)));
    checks.push(choice.ok ? pass(choice.reason) : fail(choice.reason));
    checks.push(await vmStorageCheck(ctx, vm));
    return combine(checks);
  }),
  async run(i, ctx) {
    const { vm, choice } = await target(ctx, i.vm, i.host);
    if (!choice.ok) throw new OpsError('invalid_argument', choice.reason);
    await apiCall(ctx, `migrateVirtualMachine virtualmachineid=${vm.id} hostid=${choice.host.id}`, () =>
      ctx.api.migrateVirtualMachine(vm.id, choice.host.id, { signal: ctx.signal }),
    );
    const now = await vmById(ctx, vm.id);
    return {
      data: {
        vm: vm.name,
        id: vm.id,
        from: vm.hostname,
        to: choice.host.name,
        reason: choice.reason,
        state: now.state,
        host: now.hostname,
      },
      summary: `${vmWhere(now, ctx.lang)} — ${choice.reason}`,
    };
  },
  // Without run data (verifying after a restart) the target is the named host, or at least not the old one.
  verify: guarded(async (i, data: MigrateData | undefined, ctx) => {
    const now = await vmNow(ctx, i.vm, data);
    const to = data?.to ?? i.host;
    const where = vmWhere(now, ctx.lang);
    if (now.state !== 'Running') return fail(where);
    if (to)
      return now.hostname === to
        ? pass(where)
        : fail(tr(ctx.lang, `${where}, expected on ${to}`, `${where}（想定は ${to}）`));
    if (i.expectedHost)
      return now.hostname !== i.expectedHost
        ? pass(where)
        : fail(tr(ctx.lang, `${where}: still on ${i.expectedHost}`, `${where}: まだ ${i.expectedHost} 上`));
    return fail(
      tr(
        ctx.lang,
        `${where}: the target chosen at run time is unknown`,
        `${where}: 実行時に選んだ移行先が不明`,
      ),
    );
  }),
};
