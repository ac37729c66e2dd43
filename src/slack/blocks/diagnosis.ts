/**
 * Block Kit for a Diagnosis: per finding the verdict, an evidence table (observed vs inferred, with the source),
 * what is affected and the proposed next steps. Too much for one message → the full report goes to a file.
 */
import { errorReason } from '../../i18n/error-reason.ts';
import { tr } from '../../i18n/text.ts';
import { emptyVerdict as emptyVerdictOf, outsideNote, shortTarget } from '../../runbooks/empty-verdict.ts';
import type { Diagnosis, Evidence, Finding } from '../../runbooks/types.ts';
import { textTable } from '../../tools/text-table.ts';
import type { Lang } from '../../tools/types.ts';
import { SEVERITY_ICON, SEVERITY_ORDER } from './icons.ts';
import {
  type Block,
  capBlocks,
  context,
  divider,
  fields,
  header,
  type SlackMessage,
  section,
} from './message.ts';
import { clipLines, codeBlock, escClip, LIMITS, mention } from './mrkdwn.ts';

const FIELD_VALUE_MAX = 300;

const kindLabel = (k: Evidence['kind'], lang: Lang) =>
  k === 'observed' ? tr(lang, 'observed', '観測') : tr(lang, 'inferred', '推定');

function evidenceTable(ev: Evidence[], lang: Lang): string {
  return textTable(
    tr(lang, 'what|value|source|kind', '項目|値|取得元|種別').split('|'),
    ev.map((e) => [e.label, e.value, e.source, kindLabel(e.kind, lang)]),
  );
}

/**
 * What to say when there is no finding: never "no problem found" when the diagnosis failed or a check could
 * not run (API down, host unreachable) — then nothing can be concluded.
 */
function emptyVerdict(d: Diagnosis, lang: Lang): string {
  const v = emptyVerdictOf(d, lang);
  return v.kind === 'error' ? `:x: ${v.text}` : v.kind === 'incomplete' ? `:warning: ${v.text}` : v.text;
}

/** The whole report as plain text: the attached file when blocks cannot hold it. */
export function diagnosisText(d: Diagnosis, lang: Lang): string {
  const out = [tr(lang, `Diagnosis: ${shortTarget(d.target)}`, `診断: ${shortTarget(d.target)}`)];
  if (!d.findings.length) out.push(emptyVerdict(d, lang));
  for (const f of d.findings) {
    out.push('', `[${f.severity}] ${f.title}`, f.summary);
    if (f.evidence.length) out.push('', evidenceTable(f.evidence, lang));
    if (f.affected.length) out.push('', `${tr(lang, 'Affected', '影響対象')}: ${f.affected.join(', ')}`);
    if (f.risk) out.push(`${tr(lang, 'Risk', 'リスク')}: ${f.risk}`);
    for (const [i, s] of f.steps.entries())
      out.push(`${i + 1}. ${s.text}${s.action ? ` [${s.action.tool}]` : ''}`);
  }
  const runs = d.envelopes.flatMap((e) => e.runs);
  if (runs.length)
    out.push(
      '',
      tr(lang, 'What ran where:', '実行したコマンド:'),
      ...runs.map((r) => `${r.target}: ${r.what} ${r.ok ? 'ok' : `FAIL ${r.error ?? ''}`} ${r.durationMs}ms`),
    );
  return out.join('\n');
}

function findingBlocks(f: Finding, lang: Lang): { blocks: Block[]; cut: boolean } {
  let cut = false;
  const blocks: Block[] = [];
  const title = escClip(f.title, 200).text;
  const summary = escClip(f.summary, LIMITS.sectionText - 300);
  cut ||= summary.clipped;
  blocks.push(section(`${SEVERITY_ICON[f.severity]} *${title}*\n${summary.text}`));

  const short =
    f.evidence.length <= LIMITS.fields &&
    f.evidence.every((e) => e.value.length <= FIELD_VALUE_MAX && e.label.length <= 100);
  if (f.evidence.length && short) {
    blocks.push(
      fields(
        f.evidence.map(
          (e) =>
            `*${escClip(e.label, 100).text}*\n${escClip(e.value, FIELD_VALUE_MAX).text}\n_${escClip(e.source, 100).text} · ${kindLabel(e.kind, lang)}_`,
        ),
      ),
    );
  } else if (f.evidence.length) {
    const fit = clipLines(evidenceTable(f.evidence, lang));
    cut ||= fit.omitted > 0;
    blocks.push(section(codeBlock(fit.text)));
  }

  const notes: string[] = [];
  if (f.affected.length)
    notes.push(`*${tr(lang, 'Affected', '影響対象')}:* ${escClip(f.affected.join(', '), 1200).text}`);
  if (f.risk) notes.push(`*${tr(lang, 'Risk', 'リスク')}:* ${escClip(f.risk, 600).text}`);
  if (notes.length) blocks.push(context(notes));

  if (f.steps.length) {
    const kept: string[] = [];
    let size = 60;
    for (const [i, st] of f.steps.entries()) {
      const approval = st.action
        ? ` _(${tr(lang, 'needs approval', '承認が必要')}: \`${escClip(st.action.tool, 64).text}\`)_`
        : '';
      const line = `${i + 1}. ${escClip(st.text, 500).text}${approval}`;
      if (size + line.length + 1 > LIMITS.sectionText) break;
      kept.push(line);
      size += line.length + 1;
    }
    cut ||= kept.length < f.steps.length || f.steps.some((st) => st.text.length > 500);
    blocks.push(section(`*${tr(lang, 'Proposed next steps', '次の対応案')}*\n${kept.join('\n')}`));
  }
  blocks.push(divider());
  return { blocks, cut };
}

export function diagnosisMessage(
  d: Diagnosis,
  o: { lang?: Lang; requestedBy?: string; privately?: boolean } = {},
): SlackMessage {
  const lang = o.lang ?? d.lang;
  const findings = [...d.findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  const worst = findings[0]?.severity ?? 'ok';
  let cut = false;
  const blocks: Block[] = [header(`${tr(lang, 'Diagnosis', '診断')}: ${shortTarget(d.target)}`)];
  if (!findings.length) {
    const verdict = emptyVerdict(d, lang);
    blocks.push(
      section(
        d.error || d.incomplete?.length
          ? escClip(verdict, 2000).text
          : `${d.outsideRunbooks ? SEVERITY_ICON.info : SEVERITY_ICON.ok} ${escClip(verdict, 2000).text}`,
      ),
    );
  } else {
    const n = findings.length;
    blocks.push(
      section(`${SEVERITY_ICON[worst]} ${tr(lang, `${n} finding${n > 1 ? 's' : ''}`, `${n} 件の所見`)}`),
    );
    const note = outsideNote(d, lang);
    if (note) blocks.push(section(`${SEVERITY_ICON.info} ${escClip(note, 2000).text}`));
  }
  for (const f of findings) {
    const fb = findingBlocks(f, lang);
    cut ||= fb.cut;
    blocks.push(...fb.blocks);
  }
  const warnings = [
    ...d.envelopes.flatMap((e) => e.warnings),
    ...(d.incomplete ?? []).map((i) => `${i.tool}: ${errorReason(lang, i.code, i.message)}`),
  ];
  if (warnings.length) {
    const w = escClip(
      warnings
        .slice(0, 8)
        .map((x) => `• ${x}`)
        .join('\n'),
      2000,
    );
    cut ||= w.clipped || warnings.length > 8;
    blocks.push(
      section(`*:warning: ${tr(lang, 'Could not check everything', '確認できなかった項目')}*\n${w.text}`),
    );
  }
  const runs = d.envelopes.reduce((s, e) => s + e.runs.length, 0);
  const foot = [
    `${(d.durationMs / 1000).toFixed(1)} s`,
    tr(
      lang,
      `${d.envelopes.length} tools, ${runs} calls`,
      `ツール ${d.envelopes.length} 個、呼び出し ${runs} 回`,
    ),
  ];
  const who = mention(o.requestedBy);
  if (who) foot.push(tr(lang, `requested by ${who}`, `依頼者 ${who}`));
  // Room for the footer and the runner's file note: content gets 48 blocks, the last saying where the rest went.
  const capped = capBlocks(
    blocks,
    o.privately
      ? tr(
          lang,
          '…more findings not shown (run without `private` to get the full report as a file).',
          '…残りの所見は表示していません（`private` なしで実行すると全文をファイルで受け取れます）。',
        )
      : tr(lang, '…more findings in the attached file.', '…残りの所見は添付ファイルにあります。'),
    LIMITS.blocks - 2,
  );
  cut ||= capped.capped;
  const final = [...capped.blocks, context([foot.join(' · ')])];

  const headline = findings[0] ? `${findings[0].title}: ${findings[0].summary}` : emptyVerdict(d, lang);
  const msg: SlackMessage = {
    text: escClip(`${tr(lang, 'Diagnosis', '診断')} ${d.target}: ${headline}`, LIMITS.fallbackText).text,
    blocks: final,
  };
  if (cut)
    msg.file = {
      filename: `diagnosis-${d.target.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 40) || 'report'}.txt`,
      title: tr(lang, 'Diagnosis report', '診断レポート'),
      content: diagnosisText(d, lang),
    };
  return msg;
}
