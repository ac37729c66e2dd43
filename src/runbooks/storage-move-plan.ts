/**
 * The plan of a storage move, pure: the prerequisite the humans do (the new pool), then per VM — stopped VMs
 * one migrate_volume per volume; a running KVM VM stop_vm, its migrate_volume(s), start_vm — then maintenance
 * and removal of the old pool as prose. Every action binds the pool and VM it assumed.
 */

import { bytes } from '../tools/storage/primary-storage.ts';
import type { PoolInfo, PoolVolume } from '../tools/storage/storage-pools.ts';
import type { Lang } from '../tools/types.ts';
import { runbookSteps, runbookText } from './runbook-text.ts';
import type { ProposedStep } from './types.ts';

export const STORAGE_MOVE_RUNBOOK = 'storage-move';
const ID = STORAGE_MOVE_RUNBOOK;

/** A volume by name when no other volume has that name, else by UUID: the card stays readable and exact. */
function volumeRef(v: PoolVolume, all: PoolVolume[]): string {
  return all.filter((x) => x.name === v.name).length === 1 ? v.name : v.id;
}

export function movePlan(
  source: PoolInfo,
  target: PoolInfo | undefined,
  allVolumes: PoolVolume[],
  lang: Lang,
): ProposedStep[] {
  const t = (k: string, vars: Record<string, string | number> = {}) => runbookText(ID, k, lang, vars);
  const prereqState = target?.state === 'Up' ? t('prereq-done', { target: target.name }) : t('prereq-todo');
  const steps: ProposedStep[] = [{ text: t('step-prereq', { prereqState }) }];
  if (target?.state !== 'Up') return steps;
  const needed = source.volumes.reduce((s, v) => s + v.sizeBytes, 0);
  const free = Math.max(0, target.totalBytes - target.allocatedBytes);
  if (needed > free)
    steps.push({
      text: t('step-room', { target: target.name, targetFree: bytes(free), needed: bytes(needed) }),
    });
  // One VM at a time, in name order; volumes without a VM last.
  const byVm = new Map<string, PoolVolume[]>();
  for (const v of [...source.volumes].sort((a, b) => (a.vm ?? '~').localeCompare(b.vm ?? '~'))) {
    const key = v.vm ?? '';
    byVm.set(key, [...(byVm.get(key) ?? []), v]);
  }
  for (const [vm, vols] of byVm) {
    const running = vols.some((v) => v.vmState === 'Running');
    if (running) {
      steps.push({ text: t('step-running', { vm }) });
      steps.push({ text: t('step-stop', { vm }), action: { tool: 'stop_vm', input: { vm } } });
    }
    for (const v of vols)
      steps.push({
        text: t('step-migrate', {
          volume: v.name,
          vm: v.vm ?? '-',
          size: bytes(v.sizeBytes),
          source: source.name,
          target: target.name,
        }),
        action: {
          tool: 'migrate_volume',
          input: {
            volume: volumeRef(v, allVolumes),
            pool: target.name,
            expectedPool: source.name,
            ...(v.vm ? { vm: v.vm } : {}),
            ...(running ? { afterStop: true } : {}),
          },
        },
      });
    if (running)
      steps.push({
        text: t('step-start', { vm }),
        action: { tool: 'start_vm', input: { vm } },
      });
  }
  steps.push(...runbookSteps(ID, 'steps-after', lang, { source: source.name }).map((text) => ({ text })));
  return steps;
}
