/** What the DRBD verdict observed, as data, and its one phrase per fact in English and Japanese. */
import { tr } from '../../i18n/text.ts';
import type { Lang } from '../types.ts';

export type DrbdFact =
  | { kind: 'unreachable'; node: string }
  | { kind: 'unconfigured'; node: string }
  | { kind: 'quorum-lost'; node: string }
  | { kind: 'local-diskless'; node: string }
  | { kind: 'inconsistent-idle'; node: string }
  | { kind: 'local-disk'; node: string; value: string }
  | { kind: 'connection'; node: string; peer: string; value: string }
  | { kind: 'peer-diskless'; node: string; peer: string }
  | { kind: 'peer-disk'; node: string; peer: string; value: string }
  | { kind: 'kernel-log'; node: string; value: string }
  | { kind: 'both-primary'; node: string };

export function describeDrbdFact(f: DrbdFact, lang: Lang): string {
  switch (f.kind) {
    case 'unreachable':
      return tr(
        lang,
        `${f.node}: not reachable, its DRBD state is unknown`,
        `${f.node}: 到達できず DRBD の状態は不明`,
      );
    case 'unconfigured':
      return tr(
        lang,
        `${f.node}: the resource is down there (not up / Unconfigured)`,
        `${f.node}: リソースが停止しています（未起動 / Unconfigured）`,
      );
    case 'quorum-lost':
      return tr(
        lang,
        `${f.node}: quorum lost (quorum:no), I/O on this node is blocked`,
        `${f.node}: クォーラム喪失（quorum:no）、このノードの I/O は停止しています`,
      );
    case 'local-diskless':
      return tr(
        lang,
        `${f.node}: local disk Diskless (no local copy of the data)`,
        `${f.node}: ローカルディスクが Diskless（データのローカルコピーなし）`,
      );
    case 'inconsistent-idle':
      return tr(
        lang,
        `${f.node}: disk Inconsistent and no resync running`,
        `${f.node}: ディスクが Inconsistent のまま再同期が動いていません`,
      );
    case 'local-disk':
      return tr(lang, `${f.node}: disk ${f.value}`, `${f.node}: ディスク ${f.value}`);
    case 'connection':
      return tr(
        lang,
        `${f.node}: connection to ${f.peer} ${f.value}`,
        `${f.node}: ${f.peer} への接続 ${f.value}`,
      );
    case 'peer-diskless':
      return tr(lang, `${f.node}: peer ${f.peer} is Diskless`, `${f.node}: ピア ${f.peer} が Diskless`);
    case 'peer-disk':
      return tr(
        lang,
        `${f.node}: peer ${f.peer} disk ${f.value}`,
        `${f.node}: ピア ${f.peer} のディスク ${f.value}`,
      );
    case 'kernel-log':
      return tr(lang, `${f.node}: kernel log "${f.value}"`, `${f.node}: カーネルログ「${f.value}」`);
    case 'both-primary':
      return tr(lang, `both nodes are Primary (${f.node})`, `両ノードが Primary（${f.node}）`);
  }
}

const VERDICT_JA = new Map([
  ['healthy', '正常'],
  ['syncing', '再同期中'],
  ['split-brain', 'スプリットブレイン'],
  ['quorum-lost', 'クォーラム喪失'],
  ['degraded', '縮退'],
  ['unconfigured', '停止'],
  ['unknown', '不明'],
]);

/** The verdict as a word in the operator's language (the English word is also the JSON value). */
export const verdictWord = (v: string, lang: Lang): string => (lang === 'ja' ? (VERDICT_JA.get(v) ?? v) : v);

/** "12.0 GiB" style size for out-of-sync amounts (KiB in, binary units out). */
export function formatKiB(kib: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = kib;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

/** One resync in words: "nfs01 ↔ nfs02: SyncSource 42.5% (1.2 GiB out of sync)". */
export function describeSync(
  s: { node: string; peer: string; state: string; donePercent?: number; outOfSyncKiB?: number },
  lang: Lang,
): string {
  const pct = s.donePercent === undefined ? '' : ` ${s.donePercent}%`;
  const oos =
    s.outOfSyncKiB === undefined
      ? ''
      : tr(lang, ` (${formatKiB(s.outOfSyncKiB)} out of sync)`, `（未同期 ${formatKiB(s.outOfSyncKiB)}）`);
  return `${s.node} ↔ ${s.peer}: ${s.state}${pct}${oos}`;
}
