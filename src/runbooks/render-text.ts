/** A diagnosis as a plain-text report a person reads in 30 seconds: findings first, evidence, then the plan. */
import { errorReason } from '../i18n/error-reason.ts';
import { tr } from '../i18n/text.ts';
import { emptyVerdict, outsideNote } from './empty-verdict.ts';
import type { Diagnosis } from './types.ts';

const MARK = { critical: '✖', warning: '▲', info: 'ℹ', ok: '✔' } as const;

export function renderDiagnosisText(d: Diagnosis): string {
  const { lang } = d;
  if (d.error) return emptyVerdict(d, lang).text;
  const out: string[] = [];
  const incomplete = d.incomplete ?? [];
  if (d.findings.length === 0) {
    const v = emptyVerdict(d, lang);
    out.push(`${v.kind === 'ok' ? MARK.ok : v.kind === 'outside' ? MARK.info : MARK.warning} ${v.text}`);
  }
  const note = outsideNote(d, lang);
  if (note) out.push(`${MARK.info} ${note}`, '');
  for (const f of d.findings) {
    out.push(`${MARK[f.severity]} ${f.title}`);
    out.push(`  ${f.summary}`);
    if (f.evidence.length) {
      out.push(`  ${tr(lang, 'Evidence', '根拠')}:`);
      for (const e of f.evidence)
        out.push(
          `    - ${e.label}: ${e.value}  [${e.kind === 'observed' ? tr(lang, 'observed on', '観測元') : tr(lang, 'inferred by', '推論')} ${e.source}]`,
        );
    }
    if (f.risk) out.push(`  ${tr(lang, 'Risk', 'リスク')}: ${f.risk}`);
    if (f.steps.length) {
      out.push(
        `  ${tr(lang, 'Proposed plan (nothing runs without approval)', '提案する手順（承認なしには何も実行しません）')}:`,
      );
      for (const [i, s] of f.steps.entries()) {
        const action = s.action ? `  → ${s.action.tool} ${JSON.stringify(s.action.input)}` : '';
        out.push(`    ${i + 1}. ${s.text}${action}`);
      }
    }
    out.push('');
  }
  const warnings = [
    ...new Set([
      ...d.envelopes.flatMap((e) => e.warnings),
      ...incomplete.map((i) => `${i.tool}: ${errorReason(lang, i.code, i.message)}`),
    ]),
  ];
  if (warnings.length) {
    out.push(tr(lang, 'Could not check:', '確認できなかった項目:'));
    for (const w of warnings) out.push(`  ! ${w}`);
  }
  const runs = d.envelopes.flatMap((e) => e.runs);
  out.push(
    tr(
      lang,
      `(${runs.length} checks in ${(d.durationMs / 1000).toFixed(1)} s)`,
      `（${runs.length} 件の確認、${(d.durationMs / 1000).toFixed(1)} 秒）`,
    ),
  );
  return out.join('\n');
}
