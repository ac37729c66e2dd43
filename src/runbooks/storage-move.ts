/**
 * Primary storage: a pool that is not Up or is over 90% allocated, and the question "move the VMs' storage to
 * the new pair / rename the storage server" — answered with the supported path (new pool, migrate_volume per
 * volume, maintenance, removal) and why the database is never edited. Evidence: the pools and volumes found.
 */
import { bytes } from '../tools/storage/primary-storage.ts';
import type { PoolInfo, StoragePoolsData } from '../tools/storage/storage-pools.ts';
import type { Lang } from '../tools/types.ts';
import type { Runbook } from './runbook.ts';
import { runbookSteps, runbookText } from './runbook-text.ts';
import { isStorageMoveQuestion } from './storage-move-intent.ts';
import { movePlan, STORAGE_MOVE_RUNBOOK } from './storage-move-plan.ts';
import type { Evidence, Finding } from './types.ts';

const ID = STORAGE_MOVE_RUNBOOK;
type Vars = Record<string, string | number>;

const free = (p: PoolInfo) => Math.max(0, p.totalBytes - p.allocatedBytes);

/** Where a pool is named in the question (by pool name, pair name or NFS address), or -1. */
function position(p: PoolInfo, t: string): { at: number; end: number } {
  let best = { at: -1, end: -1 };
  for (const x of [p.name, p.pair, p.address.split(':')[0]]) {
    if (!x || x === '?') continue;
    const at = t.indexOf(x.toLowerCase());
    if (at >= 0 && (best.at < 0 || at < best.at)) best = { at, end: at + x.length };
  }
  return best;
}

/** "to nfs-b", "into the new pool nfs-b", "nfs-b へ/に": the pool named is where the volumes go. */
const TO_BEFORE = /\b(?:to|into|onto)\s+(?:the\s+)?(?:new\s+)?(?:pair\s+|pool\s+|storage\s+)?$/i;
const TO_AFTER = /^\s*(?:へ|に)/;

/**
 * The pool to empty and where to: pools named in the question (a name after "to"/before "へ" is the target,
 * the others sources, in the order named); an unnamed source is the fullest pool holding volumes, an unnamed
 * target the Up pool with the most room.
 */
function choose(pools: PoolInfo[], text: string): { source?: PoolInfo; target?: PoolInfo } {
  const t = text.toLowerCase();
  const named = pools
    .map((p) => ({ p, ...position(p, t) }))
    .filter((x) => x.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((x) => ({
      p: x.p,
      to: TO_BEFORE.test(t.slice(Math.max(0, x.at - 40), x.at)) || TO_AFTER.test(t.slice(x.end, x.end + 4)),
    }));
  const namedTarget = named.find((x) => x.to)?.p;
  const namedSources = named.filter((x) => !x.to).map((x) => x.p);
  const source =
    namedSources[0] ??
    [...pools]
      .filter((p) => p !== namedTarget && p.volumes.length > 0)
      .sort((a, b) => b.allocatedPercent - a.allocatedPercent)[0];
  const target =
    namedTarget ??
    namedSources[1] ??
    [...pools].filter((p) => p !== source && p.state === 'Up').sort((a, b) => free(b) - free(a))[0];
  return { source, target };
}

function poolEvidence(p: PoolInfo, lang: Lang): Evidence {
  return {
    label: `${runbookText(ID, 'label-pool', lang)} ${p.name}`,
    value: runbookText(ID, 'pool-value', lang, {
      address: p.address,
      state: p.state,
      allocated: bytes(p.allocatedBytes),
      total: bytes(p.totalBytes),
      percent: p.allocatedPercent,
      count: p.volumes.length,
      pair: p.pair ? runbookText(ID, 'pool-pair', lang, { pair: p.pair }) : '',
    }),
    source: 'cloudstack-api',
    kind: 'observed',
  };
}

function volumeEvidence(p: PoolInfo, lang: Lang): Evidence[] {
  return p.volumes.map((v) => ({
    label: `${runbookText(ID, 'label-volume', lang)} ${v.name}`,
    value: runbookText(ID, 'volume-value', lang, {
      vm: v.vm ?? '-',
      vmState: v.vmState ?? '-',
      size: bytes(v.sizeBytes),
      pool: p.name,
    }),
    source: 'cloudstack-api',
    kind: 'observed',
  }));
}

function moveFinding(
  source: PoolInfo,
  target: PoolInfo | undefined,
  data: StoragePoolsData,
  lang: Lang,
  overAllocated: boolean,
  asked: boolean,
): Finding {
  const t = (k: string, v: Vars = {}) => runbookText(ID, k, lang, v);
  const allVolumes = data.pools.flatMap((p) => p.volumes);
  const needed = source.volumes.reduce((s, v) => s + v.sizeBytes, 0);
  const vars: Vars = {
    source: source.name,
    target: target?.name ?? '-',
    address: source.address,
    state: source.state,
    allocated: bytes(source.allocatedBytes),
    total: bytes(source.totalBytes),
    percent: source.allocatedPercent,
    count: source.volumes.length,
    vms: source.vms.join(', ') || '-',
    targetAddress: target?.address ?? '-',
    targetState: target?.state ?? '-',
    targetFree: target ? bytes(free(target)) : '-',
    needed: bytes(needed),
  };
  const title = overAllocated
    ? t(target ? 'title-allocation' : 'title-allocation-no-target', vars)
    : t(target ? 'title-move' : 'title-move-no-target', vars);
  return {
    runbook: ID,
    severity: overAllocated ? 'warning' : 'info',
    cause: overAllocated ? 'pool-allocation' : 'storage-move',
    title,
    // Why the database is never edited: said when the move was asked for, not in every capacity warning.
    summary: t('summary', {
      found: t(target ? 'found' : 'found-no-target', vars),
      why: asked ? t('why-not-db') : '',
    }).trim(),
    evidence: [...data.pools.map((p) => poolEvidence(p, lang)), ...volumeEvidence(source, lang)],
    affected: [source.name],
    risk: t('risk'),
    steps: movePlan(source, target, allVolumes, lang),
  };
}

function stateFinding(p: PoolInfo, lang: Lang): Finding {
  const vars: Vars = {
    source: p.name,
    address: p.address,
    state: p.state,
    vmsNote: p.vms.length ? ` (${p.vms.join(', ')})` : '',
  };
  return {
    runbook: ID,
    severity: 'warning',
    cause: 'pool-state',
    title: runbookText(ID, 'title-state', lang, vars),
    summary: runbookText(ID, 'summary-state', lang, vars),
    evidence: [poolEvidence(p, lang), ...volumeEvidence(p, lang)],
    affected: [p.name],
    steps: runbookSteps(ID, 'steps-state', lang, vars).map((text) => ({ text })),
  };
}

export const storageMoveRunbook: Runbook = {
  id: ID,
  applies: (i) => i.kind === 'topics' && (i.topics.has('storage') || isStorageMoveQuestion(i.text)),
  async run(rc, intent) {
    if (intent.kind !== 'topics') return [];
    const asked = isStorageMoveQuestion(intent.text);
    const env = await rc.tool('storage_pools', {});
    const data = env.data;
    if (env.status === 'error' || !data) return [];
    const limitHit = (p: PoolInfo) => p.allocatedPercent > 90 && p.state === 'Up';
    const findings: Finding[] = data.pools
      .filter((p) => p.state !== 'Up')
      .map((p) => stateFinding(p, rc.lang));
    if (asked) {
      const { source, target } = choose(data.pools, intent.text);
      if (source) findings.unshift(moveFinding(source, target, data, rc.lang, limitHit(source), true));
      return findings;
    }
    for (const p of data.pools.filter(limitHit)) {
      const { target } = choose(data.pools, p.name);
      findings.unshift(moveFinding(p, target, data, rc.lang, true, false));
    }
    return findings;
  },
};
