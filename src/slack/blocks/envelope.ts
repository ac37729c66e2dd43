/**
 * Block Kit for one tool envelope: header, the finding (summary), a table when the tool has a hook,
 * warnings, and the evidence trail (what ran where). Anything too long for Slack moves to a file.
 */
import { tr } from '../../i18n/text.ts';
import { severityOf } from '../../tools/severity.ts';
import { textTable } from '../../tools/text-table.ts';
import type { Envelope, Lang, RunRecord, ToolTable } from '../../tools/types.ts';
import { RESULT_ICON } from './icons.ts';
import { type Block, context, header, type SlackMessage, section } from './message.ts';
import { clipLines, codeBlock, esc, escClip, LIMITS, mention } from './mrkdwn.ts';
import { moreNote } from './rest-note.ts';

export interface EnvelopeMessageOptions {
  lang: Lang;
  /** The tool's declared title (toolTitle); the tool name stands in when absent. */
  title?: string;
  /** Environment the tool ran against, shown in the header. */
  env?: string;
  /** Slack user id of the requester, mentioned in the footer. */
  requestedBy?: string;
  /** The tool's own full text rendering (ToolDefinition.renderText) for the attached file. */
  fullText?: string;
  /** The tool's own table (ToolDefinition.table), shown as a code block. */
  table?: ToolTable;
  /** Private answers carry no file: say so instead of pointing at one. */
  privately?: boolean;
}

const MAX_WARNINGS = 10;
const MAX_RUN_ROWS = 12;

export function runsTable(runs: RunRecord[], lang: Lang): string {
  const head = tr(lang, 'target|what|ok|ms', '対象|実行内容|結果|ms').split('|');
  return textTable(
    head,
    runs.map((r) => [r.target, r.what, r.ok ? 'ok' : `FAIL ${r.error ?? ''}`.trim(), String(r.durationMs)]),
  );
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export function envelopeMessage(e: Envelope, o: EnvelopeMessageOptions): SlackMessage {
  const { lang } = o;
  const title = o.title ?? e.tool;
  let cut = false;
  const blocks: Block[] = [];
  const icon = RESULT_ICON[severityOf(e)];
  blocks.push(header(`${title}${o.env ? ` · ${o.env}` : ''}`));

  const summary = escClip(e.summary, LIMITS.sectionText - 40);
  cut ||= summary.clipped;
  blocks.push(section(`${icon} ${summary.text}`));

  if (e.status === 'error' && e.error) {
    blocks.push(
      section(
        `*${tr(lang, 'Error', 'エラー')}* \`${esc(e.error.code)}\`: ${escClip(e.error.message, 2500).text}`,
      ),
    );
  }

  const table = o.table;
  let tableText: string | undefined;
  if (table) {
    tableText = textTable(table.header, table.rows);
    const fit = clipLines(tableText);
    cut ||= fit.omitted > 0;
    blocks.push(section(codeBlock(fit.text)));
    if (fit.omitted > 0) blocks.push(context([moreNote(lang, o.privately, fit.omitted, 'rows')]));
  }

  if (e.warnings.length) {
    const shown = e.warnings.slice(0, MAX_WARNINGS).map((w) => `• ${escClip(w, 250).text}`);
    const more = e.warnings.length - shown.length;
    if (more > 0) shown.push(moreNote(lang, o.privately, more, 'items'));
    cut ||= more > 0 || e.warnings.some((w) => w.length > 250);
    blocks.push(section(`*:warning: ${tr(lang, 'Warnings', '警告')}*\n${shown.join('\n')}`));
  }

  const runs = runsTable(e.runs, lang);
  if (e.runs.length) {
    const fit = clipLines(
      runs
        .split('\n')
        .slice(0, MAX_RUN_ROWS + 2)
        .join('\n'),
      LIMITS.sectionText - 200,
    );
    const omitted = e.runs.length + 2 - fit.text.split('\n').length;
    cut ||= omitted > 0;
    const more = omitted > 0 ? `\n${moreNote(lang, o.privately, omitted, 'items')}` : '';
    blocks.push(
      section(
        `*${tr(lang, 'Evidence — what ran where', '根拠 — 実行したコマンドと対象')}*\n${codeBlock(fit.text)}${more}`,
      ),
    );
  }

  const foot = [
    `${seconds(e.durationMs)}`,
    tr(lang, `${e.runs.length} calls`, `${e.runs.length} 回の呼び出し`),
  ];
  const who = mention(o.requestedBy);
  if (who) foot.push(tr(lang, `requested by ${who}`, `依頼者 ${who}`));
  blocks.push(context([foot.join(' · ')]));

  const msg: SlackMessage = {
    text: escClip(`${title}: ${e.summary}`, LIMITS.fallbackText).text,
    blocks,
  };
  if (cut) {
    const body =
      o.fullText ??
      [e.summary, tableText, e.warnings.map((w) => `! ${w}`).join('\n'), runs].filter(Boolean).join('\n\n');
    msg.file = {
      filename: `${e.tool}-${e.startedAt.replace(/[:.]/g, '-')}.txt`,
      title: title,
      content: body,
    };
  }
  return msg;
}
