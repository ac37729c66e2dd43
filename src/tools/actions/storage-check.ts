/**
 * Pre-check shared by the VM actions: the DRBD pair that holds the VM's volumes is healthy right now. Reuses
 * the drbd_status tool, judging current state only: split-brain lines in the kernel log are history.
 */

import type { VirtualMachine } from '../../cloudstack/types.ts';
import type { StoragePair } from '../../config/schema.ts';
import { tr } from '../../i18n/text.ts';
import type { ToolContext } from '../context.ts';
import { apiCall } from '../remote.ts';
import { assessDrbdResource } from '../storage/drbd-assess.ts';
import { describeDrbdFact } from '../storage/drbd-facts.ts';
import { drbdStatus } from '../storage/drbd-status.ts';
import { pairOfPool } from '../storage/primary-storage.ts';
import { type Check, fail, pass } from './vm-common.ts';

async function pairsOfVm(ctx: ToolContext, vm: VirtualMachine): Promise<StoragePair[] | string> {
  const pairs = ctx.env.storagePairs;
  const [volumes, pools] = await Promise.all([
    apiCall(ctx, `listVolumes virtualmachineid=${vm.id}`, () =>
      ctx.api.listVolumes({ virtualmachineid: vm.id }),
    ),
    apiCall(ctx, 'listStoragePools', () => ctx.api.listStoragePools()),
  ]);
  const found = new Map<string, StoragePair>();
  for (const v of volumes) {
    const pool = pools.find((p) => p.id === v.storageid);
    const hit = pairOfPool(pairs, pool);
    if (hit) found.set(hit.name, hit);
    else return `${v.name} on ${pool?.name ?? v.storageid ?? '?'}`;
  }
  return [...found.values()];
}

/** The DRBD pair's resources judged on their current state only: Connected/UpToDate everywhere, or why not. */
export async function pairHealthCheck(ctx: ToolContext, pair: StoragePair): Promise<Check> {
  const lang = ctx.lang;
  const r = await drbdStatus.run({ pair: pair.name }, ctx);
  const p = r.data.pairs.find((x) => x.pair === pair.name);
  const problems = [
    ...(p?.unreachable ?? []).map((u) => `${u.node}: ${u.error}`),
    ...(p?.resources ?? []).flatMap((res) => {
      const now = assessDrbdResource(
        res.resource,
        res.nodes.map((n) => ({ ...n, splitBrainLog: [] })),
        [],
      );
      return now.verdict === 'healthy'
        ? []
        : [`${res.resource}: ${now.verdict} (${now.facts.map((f) => describeDrbdFact(f, lang)).join(', ')})`];
    }),
  ];
  if (!p || p.resources.length === 0)
    problems.push(tr(lang, 'no DRBD resource reported', 'DRBD リソースの報告なし'));
  return problems.length
    ? fail(
        tr(
          lang,
          `DRBD pair ${pair.name} is not healthy: ${problems.join('; ')}`,
          `DRBD ペア ${pair.name} が正常ではありません: ${problems.join('; ')}`,
        ),
      )
    : pass(
        tr(lang, `DRBD pair ${pair.name} Connected/UpToDate`, `DRBD ペア ${pair.name} は Connected/UpToDate`),
      );
}

export async function vmStorageCheck(ctx: ToolContext, vm: VirtualMachine): Promise<Check> {
  const lang = ctx.lang;
  if (ctx.env.storagePairs.length === 0)
    return pass(
      tr(lang, 'no DRBD pairs configured: storage not checked', 'DRBD ペア未設定のためストレージは未確認'),
    );
  const pairs = await pairsOfVm(ctx, vm);
  if (typeof pairs === 'string')
    return fail(
      tr(
        lang,
        `cannot tell which DRBD pair holds ${vm.name}'s volume ${pairs}`,
        `${vm.name} のボリューム ${pairs} がどの DRBD ペアにあるか判断できません`,
      ),
    );
  const checks: Check[] = [];
  for (const pair of pairs) checks.push(await pairHealthCheck(ctx, pair));
  return checks.find((c) => !c.ok) ?? checks[0] ?? pass('no volumes');
}
