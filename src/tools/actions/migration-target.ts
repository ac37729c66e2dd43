/**
 * Picks a live-migration target among findHostsForMigration's answer, and says why: suitable, no storage
 * motion, enough memory free for the VM's offering. Pure, so the choice and its reason are tested directly.
 */
import type { HostForMigration } from '../../cloudstack/types.ts';
import { tr } from '../../i18n/text.ts';
import type { Lang } from '../types.ts';

const GiB = 1024 ** 3;
const gib = (b: number) => `${(b / GiB).toFixed(1)} GiB`;

export type TargetChoice =
  | { ok: true; host: HostForMigration; reason: string }
  | { ok: false; reason: string };

const freeBytes = (h: HostForMigration) => (h.memorytotal ?? 0) - (h.memoryallocated ?? 0);

function unfit(h: HostForMigration, needBytes: number, lang: Lang): string | undefined {
  if (h.requiresStorageMotion) return tr(lang, 'needs storage motion', 'ストレージ移動が必要');
  if (freeBytes(h) < needBytes)
    return tr(
      lang,
      `only ${gib(freeBytes(h))} free, needs ${gib(needBytes)}`,
      `空き ${gib(freeBytes(h))}、必要 ${gib(needBytes)}`,
    );
  if (h.suitableformigration === false)
    return tr(lang, 'not suitable (CloudStack)', '移行先として不適（CloudStack 判定）');
  return undefined;
}

export function chooseMigrationTarget(
  candidates: HostForMigration[],
  vmMemoryMiB: number,
  wanted: string | undefined,
  lang: Lang,
): TargetChoice {
  const need = vmMemoryMiB * 1024 * 1024;
  const why = (h: HostForMigration) =>
    tr(
      lang,
      `${h.name}: suitable, no storage motion, ${gib(freeBytes(h))} free of ${gib(h.memorytotal ?? 0)} (VM needs ${gib(need)})`,
      `${h.name}: 移行可、ストレージ移動なし、空き ${gib(freeBytes(h))} / ${gib(h.memorytotal ?? 0)}（VM は ${gib(need)} 必要）`,
    );
  if (wanted) {
    const h = candidates.find((c) => c.name === wanted);
    if (!h)
      return {
        ok: false,
        reason: tr(
          lang,
          `${wanted} is not among the hosts CloudStack offers for this VM (${candidates.map((c) => c.name).join(', ') || 'none'})`,
          `${wanted} は CloudStack が提示する移行先にありません（${candidates.map((c) => c.name).join(', ') || 'なし'}）`,
        ),
      };
    const bad = unfit(h, need, lang);
    return bad ? { ok: false, reason: `${h.name}: ${bad}` } : { ok: true, host: h, reason: why(h) };
  }
  const fit = candidates.filter((h) => !unfit(h, need, lang)).sort((a, b) => freeBytes(b) - freeBytes(a));
  const best = fit[0];
  if (!best)
    return {
      ok: false,
      reason: tr(
        lang,
        `no suitable host: ${candidates.map((h) => `${h.name} ${unfit(h, need, lang)}`).join('; ') || 'CloudStack offers none'}`,
        `移行可能なホストがありません: ${candidates.map((h) => `${h.name} ${unfit(h, need, lang)}`).join('; ') || '候補なし'}`,
      ),
    };
  return {
    ok: true,
    host: best,
    reason: `${why(best)}${fit.length > 1 ? tr(lang, `; most free memory of ${fit.length} candidates`, `。候補 ${fit.length} 台中で空きが最大`) : ''}`,
  };
}
