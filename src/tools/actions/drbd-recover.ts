/**
 * drbd_split_brain_recover: LINBIT's manual split-brain recovery (shared notes §5) as one destructive step —
 * the victim disconnects, becomes Secondary and reconnects DISCARDING its changes since the split; the
 * survivor reconnects if it is StandAlone too. Optionally Pacemaker's DRBD clone is unmanaged around it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { hostNameSchema } from '../../config/schema.ts';
import { OpsError } from '../../core/errors.ts';
import { tr } from '../../i18n/text.ts';
import { drbdResourceArg } from '../../ssh/arg-patterns.ts';
import { MUTATING_COMMANDS } from '../../ssh/commands.ts';
import type { ToolContext } from '../context.ts';
import { findHost, runRemote } from '../remote.ts';
import type { DrbdNodeView } from '../storage/drbd-assess.ts';
import { drbdStatus } from '../storage/drbd-status.ts';
import type { ToolDefinition } from '../types.ts';
import { combine, fail, guarded, pass } from './vm-common.ts';

const input = z
  .object({
    pair: hostNameSchema.describe('storage pair name'),
    resource: drbdResourceArg,
    victim: hostNameSchema.describe('node whose changes since the split brain are DISCARDED'),
    survivor: hostNameSchema.describe('node whose data is kept'),
    pacemakerResource: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/)
      .optional()
      .describe('the ocf:linbit:drbd clone to unmanage during the recovery'),
  })
  .refine((i) => i.victim !== i.survivor, { message: 'victim and survivor must differ', path: ['victim'] });

type Input = z.output<typeof input>;

export interface DrbdRecoverData {
  pair: string;
  resource: string;
  victim: string;
  survivor: string;
  ran: string[];
  nodes: DrbdNodeView[];
}

async function nodes(ctx: ToolContext, i: Input): Promise<DrbdNodeView[]> {
  const r = await drbdStatus.run({ pair: i.pair }, ctx);
  const p = r.data.pairs.find((x) => x.pair === i.pair);
  if (p?.unreachable.length)
    throw new OpsError('host_unreachable', p.unreachable.map((u) => `${u.node}: ${u.error}`).join('; '));
  return p?.resources.find((x) => x.resource === i.resource)?.nodes ?? [];
}

const healthy = (ns: DrbdNodeView[]) =>
  ns.length === 2 &&
  ns.every((n) => n.connection === 'Connected' && n.disk === 'UpToDate' && n.peerDisk === 'UpToDate');

const stateText = (ns: DrbdNodeView[]) =>
  ns.map((n) => `${n.node} ${n.role ?? '?'}/${n.disk ?? '?'}/${n.connection ?? '?'}`).join(', ');

function checkPair(ctx: ToolContext, i: Input): void {
  const pair = ctx.env.storagePairs.find((p) => p.name === i.pair);
  if (!pair)
    throw new OpsError(
      'invalid_argument',
      `no storage pair "${i.pair}" in ${ctx.env.name} (pairs: ${ctx.env.storagePairs.map((p) => p.name).join(', ') || 'none'})`,
    );
  for (const n of [i.victim, i.survivor])
    if (!pair.nodes.includes(n))
      throw new OpsError('invalid_argument', `${n} is not a node of ${pair.name} (${pair.nodes.join(', ')})`);
}

export const drbdSplitBrainRecover: ToolDefinition<typeof input, DrbdRecoverData> = {
  name: 'drbd_split_brain_recover',
  description:
    "Recovers a DRBD split brain on one resource of a storage pair over SSH (drbdadm disconnect / secondary / connect --discard-my-data on the victim, reconnect on the survivor), and verifies both nodes are Connected and UpToDate. DESTRUCTIVE: the victim's writes since the split are lost. Needs two approvers.",
  input,
  risk: 'destructive',
  describe: ({ pair, resource, victim, survivor }, lang) =>
    tr(
      lang,
      `DRBD split-brain recovery of ${pair}/${resource}: DISCARD every change made on ${victim} (victim) since the split; keep the data of ${survivor} (survivor)`,
      `${pair}/${resource} の DRBD スプリットブレイン復旧: ${victim}（破棄側）で分断後に行われた変更をすべて破棄し、${survivor}（生存側）のデータを残します`,
    ),
  precheck: guarded(async (i, ctx) => {
    checkPair(ctx, i);
    const ns = await nodes(ctx, i);
    const v = ns.find((n) => n.node === i.victim);
    const s = ns.find((n) => n.node === i.survivor);
    if (!v || !s)
      return fail(
        tr(
          ctx.lang,
          `no state for ${i.resource} on both nodes`,
          `${i.resource} の両ノードの状態が取得できません`,
        ),
      );
    const checks = [pass(stateText(ns))];
    if (v.connection !== 'StandAlone')
      checks.push(
        fail(
          tr(
            ctx.lang,
            `${i.victim} is ${v.connection}, not StandAlone: no split brain to recover`,
            `${i.victim} は StandAlone ではなく ${v.connection}: 復旧対象のスプリットブレインはありません`,
          ),
        ),
      );
    if (v.role === 'Primary' && s.role !== 'Primary')
      checks.push(
        fail(
          tr(
            ctx.lang,
            `${i.victim} is the Primary: discarding its data would drop what clients use now`,
            `${i.victim} が Primary です。破棄するとクライアントが使用中のデータを失います`,
          ),
        ),
      );
    if (s.disk !== 'UpToDate')
      checks.push(
        fail(
          tr(
            ctx.lang,
            `${i.survivor} disk is ${s.disk}, not UpToDate`,
            `${i.survivor} のディスクが UpToDate ではなく ${s.disk}`,
          ),
        ),
      );
    return combine(checks);
  }),
  async run(i, ctx) {
    checkPair(ctx, i);
    const victim = findHost(ctx, i.victim);
    const survivor = findHost(ctx, i.survivor);
    const ran: string[] = [];
    const step = async (
      host: typeof victim,
      id: keyof typeof MUTATING_COMMANDS,
      args: { resource: string },
    ) => {
      const cmd = MUTATING_COMMANDS[id] as (typeof MUTATING_COMMANDS)['drbd.connect'];
      await runRemote(ctx, host, cmd, args);
      ran.push(`${host.name}: ${cmd.argv(args).slice(2).join(' ')}`);
    };
    if (i.pacemakerResource) await step(survivor, 'pcs.unmanage', { resource: i.pacemakerResource });
    await step(victim, 'drbd.disconnect', { resource: i.resource });
    await step(victim, 'drbd.secondary', { resource: i.resource });
    await step(victim, 'drbd.connect-discard', { resource: i.resource });
    const now = await nodes(ctx, i);
    if (now.find((n) => n.node === i.survivor)?.connection === 'StandAlone') {
      await step(survivor, 'drbd.disconnect', { resource: i.resource });
      await step(survivor, 'drbd.connect', { resource: i.resource });
    }
    // The victim resyncs only the blocks changed on the survivor; wait a little for Connected/UpToDate.
    let after = await nodes(ctx, i);
    for (let n = 0; n < 10 && !healthy(after); n++) {
      await sleep(1000, undefined, { signal: ctx.signal });
      after = await nodes(ctx, i);
    }
    if (i.pacemakerResource) await step(survivor, 'pcs.manage', { resource: i.pacemakerResource });
    return {
      data: { pair: i.pair, resource: i.resource, victim: i.victim, survivor: i.survivor, ran, nodes: after },
      summary: `${i.pair}/${i.resource}: ${stateText(after)}`,
    };
  },
  verify: guarded(async (i, _data, ctx) => {
    const ns = await nodes(ctx, i);
    return healthy(ns) ? pass(stateText(ns)) : fail(stateText(ns));
  }),
};
