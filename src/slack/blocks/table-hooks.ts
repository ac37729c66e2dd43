/**
 * Per-tool tables for Slack. Envelope data is tool-specific and owned by the tools, so hooks read it
 * defensively (duck typing): a shape change degrades to "no table", never to a crash.
 */
import { tr } from '../../i18n/text.ts';
import type { Lang } from '../../tools/types.ts';

export interface Table {
  header: string[];
  rows: string[][];
}

export type TableHook = (data: unknown, lang: Lang) => Table | undefined;

const rec = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const gibFromKib = (v: unknown): string => (typeof v === 'number' ? `${(v / 1048576).toFixed(1)} GiB` : '?');

/** fleet_memory_audit: only the VMs that are not at their full offering. */
const fleetMemoryAudit: TableHook = (data, lang) => {
  const vms = rec(data)?.vms;
  if (!Array.isArray(vms)) return undefined;
  const rows = vms
    .map(rec)
    .filter((v): v is Record<string, unknown> => v !== undefined && v.verdict !== 'full')
    .map((v) => [
      str(v.vm),
      str(v.host),
      typeof v.offeringMiB === 'number' ? gibFromKib(v.offeringMiB * 1024) : '?',
      gibFromKib(v.balloonKiB ?? v.libvirtMaxKiB),
      gibFromKib(v.guestKiB),
      typeof v.ratio === 'number' ? `${Math.round(v.ratio * 100)}%` : '?',
    ]);
  if (rows.length === 0) return undefined;
  return {
    header: tr(lang, 'VM|host|offering|current|guest|share', 'VM|ホスト|オファリング|現在|ゲスト|割合').split(
      '|',
    ),
    rows,
  };
};

export const TABLE_HOOKS: Record<string, TableHook> = {
  fleet_memory_audit: fleetMemoryAudit,
};
