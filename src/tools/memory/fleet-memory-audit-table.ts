/** The fleet audit's table: every VM not at its full offering, layer by layer. */
import { tr } from '../../i18n/text.ts';
import { kibText } from '../text-table.ts';
import type { Lang, ToolTable } from '../types.ts';
import type { FleetAuditData } from './fleet-memory-audit.ts';
import { percent } from './memory-verdict.ts';

export function fleetAuditTable(d: FleetAuditData, lang: Lang): ToolTable {
  return {
    header: tr(
      lang,
      'VM|host|cluster|offering|libvirt max|balloon|guest|share',
      'VM|ホスト|クラスター|オファリング|libvirt最大|バルーン|ゲスト|割合',
    ).split('|'),
    rows: d.vms
      .filter((v) => v.verdict !== 'full')
      .map((v) => [
        v.vm,
        v.host,
        v.cluster ?? '',
        kibText(v.offeringMiB * 1024),
        kibText(v.libvirtMaxKiB, '?'),
        kibText(v.balloonKiB, '?'),
        kibText(v.guestKiB, tr(lang, 'unknown', '不明')),
        v.ratio === undefined ? '?' : percent(v.ratio),
      ]),
  };
}
