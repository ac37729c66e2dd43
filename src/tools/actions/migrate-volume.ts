/**
 * migrate_volume: moves one volume to another primary storage pool through CloudStack (migrateVolume), the
 * supported way to empty a pool — never by re-pointing the pool in the database. CloudStack copies the data
 * and updates the volume, its path and the pool's accounting itself.
 */
import { z } from 'zod';
import type { StoragePool, Volume } from '../../cloudstack/types.ts';
import { OpsError } from '../../core/errors.ts';
import { tr } from '../../i18n/text.ts';
import type { ToolContext } from '../context.ts';
import { apiCall } from '../remote.ts';
import {
  bytes,
  pairOfPool,
  poolByName,
  poolFree,
  storageNamePattern,
  volumeByName,
} from '../storage/primary-storage.ts';
import type { Lang, ToolDefinition } from '../types.ts';
import { pairHealthCheck } from './storage-check.ts';
import { type Check, combine, fail, guarded, pass, vmById } from './vm-common.ts';

const input = z.object({
  volume: z.string().regex(storageNamePattern).describe('volume UUID, or its name when unique (ROOT-31)'),
  pool: z
    .string()
    .regex(storageNamePattern)
    .describe('target primary storage pool (name as listStoragePools shows it)'),
  expectedPool: z
    .string()
    .regex(storageNamePattern)
    .optional()
    .describe('the pool the plan assumed the volume is on; the step is cancelled when it moved'),
  vm: z
    .string()
    .regex(storageNamePattern)
    .optional()
    .describe(
      'the VM the volume belongs to, for the card; the step is cancelled when it is attached elsewhere',
    )
    .meta({ planOnly: true }),
  afterStop: z
    .boolean()
    .default(false)
    .describe(
      'an earlier step of the plan stops the VM: a Running VM passes the check when the request is made, but the move itself runs only once the VM is Stopped',
    )
    .meta({ planOnly: true }),
});

export interface MigrateVolumeData {
  volume: string;
  id: string;
  vm?: string;
  from?: string;
  to: string;
  toId: string;
  sizeBytes: number;
}

const volLabel = (v: Volume) => `${v.name}${v.vmname ? ` (${v.vmname})` : ''}`;

function roomCheck(pool: StoragePool, size: number, lang: Lang): Check {
  const total = Number(pool.disksizetotal ?? 0);
  const allocated = Number(pool.disksizeallocated ?? 0);
  const free = poolFree(pool);
  const numbers = tr(
    lang,
    `${pool.name}: ${bytes(total)} total − ${bytes(allocated)} allocated = ${bytes(free)} free, volume ${bytes(size)}`,
    `${pool.name}: 合計 ${bytes(total)} − 割当済み ${bytes(allocated)} = 空き ${bytes(free)}、ボリューム ${bytes(size)}`,
  );
  if (total <= 0)
    return fail(tr(lang, `${pool.name} reports no size`, `${pool.name} はサイズを報告していません`));
  return size <= free ? pass(numbers) : fail(tr(lang, `not enough room: ${numbers}`, `容量不足: ${numbers}`));
}

/**
 * A volume of a running KVM VM cannot move alone: CloudStack refuses migrateVolume for it ("KVM does not
 * support volume live migration…", VolumeApiServiceImpl) unless both pools are StorPool. It moves with the VM
 * (migrateVirtualMachineWithVolume to another host) or after the VM is stopped.
 */
async function attachmentCheck(
  ctx: ToolContext,
  vol: Volume,
  expectedVm: string | undefined,
  afterStop: boolean,
): Promise<Check> {
  const lang = ctx.lang;
  if (!vol.virtualmachineid)
    return expectedVm
      ? fail(
          tr(
            lang,
            `${vol.name} is not attached to ${expectedVm} any more`,
            `${vol.name} はもう ${expectedVm} に接続されていません`,
          ),
        )
      : pass(tr(lang, `${vol.name} is not attached to a VM`, `${vol.name} はどの VM にも接続されていません`));
  const vm = await vmById(ctx, vol.virtualmachineid);
  if (expectedVm && vm.name !== expectedVm)
    return fail(
      tr(
        lang,
        `${vol.name} is attached to ${vm.name}, the plan assumed ${expectedVm}`,
        `${vol.name} は ${vm.name} に接続されています（計画の前提は ${expectedVm}）`,
      ),
    );
  if (vm.state === 'Stopped') return pass(tr(lang, `${vm.name} is Stopped`, `${vm.name} は Stopped`));
  if (vm.state === 'Running' && (vm.hypervisor ?? 'KVM') === 'KVM' && afterStop)
    return pass(
      tr(
        lang,
        `${vm.name} is Running; an earlier step of the plan stops it`,
        `${vm.name} は Running（計画の前のステップで停止します）`,
      ),
    );
  if (vm.state === 'Running' && (vm.hypervisor ?? 'KVM') === 'KVM')
    return fail(
      tr(
        lang,
        `${vm.name} is Running on KVM: CloudStack does not move the volume of a running KVM VM alone — stop ${vm.name} first (stop_vm), then migrate, then start it (start_vm)`,
        `${vm.name} は KVM 上で Running です: CloudStack は稼働中の KVM VM のボリュームだけを移動しません — 先に ${vm.name} を停止（stop_vm）、移行後に起動（start_vm）してください`,
      ),
    );
  return vm.state === 'Running'
    ? pass(tr(lang, `${vm.name} is Running: live migration`, `${vm.name} は Running: ライブ移行`))
    : fail(tr(lang, `${vm.name} is ${vm.state}`, `${vm.name} は ${vm.state}`));
}

async function resolve(ctx: ToolContext, i: z.output<typeof input>) {
  const [vol, target] = await Promise.all([volumeByName(ctx, i.volume), poolByName(ctx, i.pool)]);
  return { vol, target };
}

export const migrateVolume: ToolDefinition<typeof input, MigrateVolumeData> = {
  name: 'migrate_volume',
  title: { en: 'Move a volume to another primary storage', ja: 'ボリュームを別のプライマリストレージへ移行' },
  description:
    'Moves one volume to another primary storage pool through the CloudStack API (migrateVolume), follows the async job and verifies listVolumes shows it on the target pool. The supported way to empty a storage pool (e.g. to move to a new NFS/DRBD pair) — never edit the database. On KVM the volume of a running VM cannot move alone: stop the VM first. Pre-checks: volume and target pool exist, the pool is Up, not the current one, has room, and its DRBD pair is healthy. Needs human approval.',
  input,
  risk: 'mutate',
  describe: ({ volume, pool, expectedPool, vm }, lang) =>
    tr(
      lang,
      `move volume ${volume}${vm ? ` of ${vm}` : ''}${expectedPool ? ` from ${expectedPool}` : ''} to primary storage ${pool} (migrateVolume)`,
      `${vm ? `${vm} の` : ''}ボリューム ${volume} を${expectedPool ? ` ${expectedPool} から` : ''}プライマリストレージ ${pool} へ移行（migrateVolume）`,
    ),
  precheck: guarded(async (i, ctx) => {
    const lang = ctx.lang;
    const { vol, target } = await resolve(ctx, i);
    const checks: Check[] = [];
    if (vol.state && vol.state !== 'Ready')
      checks.push(
        fail(
          tr(
            lang,
            `${vol.name} is ${vol.state}, not Ready`,
            `${vol.name} は ${vol.state}（Ready ではありません）`,
          ),
        ),
      );
    if (i.expectedPool && vol.storage !== i.expectedPool)
      checks.push(
        fail(
          tr(
            lang,
            `${vol.name} is on ${vol.storage ?? '?'}, the plan assumed ${i.expectedPool}`,
            `${vol.name} は ${vol.storage ?? '?'} 上です（計画の前提は ${i.expectedPool}）`,
          ),
        ),
      );
    if (vol.storageid === target.id)
      checks.push(
        fail(
          tr(lang, `${vol.name} is already on ${target.name}`, `${vol.name} はすでに ${target.name} 上です`),
        ),
      );
    else
      checks.push(
        pass(
          tr(
            lang,
            `${volLabel(vol)} on ${vol.storage ?? '?'}`,
            `${volLabel(vol)} は ${vol.storage ?? '?'} 上`,
          ),
        ),
      );
    checks.push(
      target.state === 'Up'
        ? pass(tr(lang, `${target.name} is Up`, `${target.name} は Up`))
        : fail(
            tr(
              lang,
              `${target.name} is ${target.state ?? 'in an unknown state'}, not Up`,
              `${target.name} は ${target.state ?? '不明な状態'}（Up ではありません）`,
            ),
          ),
    );
    checks.push(roomCheck(target, Number(vol.size ?? 0), lang));
    checks.push(await attachmentCheck(ctx, vol, i.vm, i.afterStop));
    const pair = pairOfPool(ctx.env.storagePairs, target);
    if (pair) checks.push(await pairHealthCheck(ctx, pair));
    else if (ctx.env.storagePairs.length > 0)
      checks.push(
        fail(
          tr(
            lang,
            `cannot tell which DRBD pair serves ${target.name} (${target.ipaddress ?? '?'})`,
            `${target.name}（${target.ipaddress ?? '?'}）をどの DRBD ペアが提供しているか判断できません`,
          ),
        ),
      );
    return combine(checks);
  }),
  async run(i, ctx) {
    const { vol, target } = await resolve(ctx, i);
    if (vol.storageid === target.id)
      throw new OpsError('invalid_argument', `${vol.name} is already on ${target.name}`);
    // CloudStack refuses to move the volume of a running KVM VM alone; say so before asking it.
    const vm = vol.virtualmachineid ? await vmById(ctx, vol.virtualmachineid) : undefined;
    if (vm?.state === 'Running' && (vm.hypervisor ?? 'KVM') === 'KVM')
      throw new OpsError(
        'invalid_argument',
        `${vm.name} is still Running on KVM: stop it before moving ${vol.name} (CloudStack moves a running KVM VM's volume only together with the VM)`,
      );
    // CloudStack wants livemigrate for a volume of a running VM (other hypervisors).
    const live = vm?.state === 'Running';
    await apiCall(
      ctx,
      `migrateVolume volumeid=${vol.id} storageid=${target.id}${live ? ' livemigrate=true' : ''}`,
      () => ctx.api.migrateVolume(vol.id, target.id, live, { signal: ctx.signal }),
    );
    const [now] = await apiCall(ctx, `listVolumes id=${vol.id}`, () => ctx.api.listVolumes({ id: vol.id }));
    return {
      data: {
        volume: vol.name,
        id: vol.id,
        ...(vol.vmname ? { vm: vol.vmname } : {}),
        ...(vol.storage ? { from: vol.storage } : {}),
        to: target.name,
        toId: target.id,
        sizeBytes: Number(vol.size ?? 0),
      },
      summary: tr(
        ctx.lang,
        `${volLabel(vol)}: ${vol.storage ?? '?'} → ${now?.storage ?? '?'}`,
        `${volLabel(vol)}: ${vol.storage ?? '?'} → ${now?.storage ?? '?'}`,
      ),
    };
  },
  // The volume is read again by id: the job's answer is not proof, listVolumes is.
  verify: guarded(async (i, data: MigrateVolumeData | undefined, ctx) => {
    const vol = data?.id
      ? (await apiCall(ctx, `listVolumes id=${data.id}`, () => ctx.api.listVolumes({ id: data.id })))[0]
      : await volumeByName(ctx, i.volume);
    if (!vol)
      return fail(
        tr(ctx.lang, `volume ${i.volume} no longer exists`, `ボリューム ${i.volume} が存在しません`),
      );
    const target = data?.toId ?? (await poolByName(ctx, i.pool)).id;
    const where = tr(
      ctx.lang,
      `${volLabel(vol)} on ${vol.storage ?? '?'}`,
      `${volLabel(vol)} は ${vol.storage ?? '?'} 上`,
    );
    return vol.storageid === target
      ? pass(where)
      : fail(tr(ctx.lang, `${where}, expected on ${i.pool}`, `${where}（想定は ${i.pool}）`));
  }),
};
