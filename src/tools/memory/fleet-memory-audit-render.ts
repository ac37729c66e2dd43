/** Plain-text report of a fleet memory audit: summary, then the capped VMs layer by layer. */
import { tr } from '../../i18n/text.ts';
import { kibText, textTable } from '../text-table.ts';
import type { Envelope, Lang } from '../types.ts';
import type { FleetAuditData } from './fleet-memory-audit.ts';
import { percent } from './memory-verdict.ts';

export function renderFleetAudit(env: Envelope<FleetAuditData>, lang: Lang): string {
  const out = [env.summary];
  const d = env.data;
  if (!d) return out.join('\n');
  const rows = d.vms
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
    ]);
  if (rows.length) {
    out.push('');
    out.push(
      textTable(
        tr(
          lang,
          'VM|host|cluster|offering|libvirt max|balloon|guest|share',
          'VM|ホスト|クラスター|オファリング|libvirt最大|バルーン|ゲスト|割合',
        ).split('|'),
        rows,
      ),
    );
  }
  for (const w of env.warnings) out.push(`! ${w}`);
  return out.join('\n');
}
