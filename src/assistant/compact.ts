/**
 * What the model reads of a tool result: status, the tool's summary and its table (rows capped), warnings and
 * where it ran — never the raw data dump — cut at a size limit with "narrow your query" guidance.
 */
import { toolTable } from '../tools/render.ts';
import type { Envelope, Lang, ToolDefinition } from '../tools/types.ts';

export interface CompactLimits {
  /** Characters of one result the model may see. */
  maxResultChars: number;
  /** Table rows kept before the rest is summarised as a count. */
  maxRows: number;
}

export const DEFAULT_COMPACT: CompactLimits = { maxResultChars: 3000, maxRows: 25 };

const NARROW = 'Output was cut. Narrow your query (one VM, one host or one setting name) to see the rest.';

/** Cuts text at `max` characters on a line boundary and says so. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf('\n', max);
  return `${text.slice(0, cut > max / 2 ? cut : max)}\n[… ${text.length - max} more characters not shown. ${NARROW}]`;
}

export function compactEnvelope(
  tool: ToolDefinition | undefined,
  env: Envelope,
  lang: Lang,
  limits: CompactLimits = DEFAULT_COMPACT,
): string {
  const out: string[] = [`status: ${env.status}`, `summary: ${env.summary}`];
  if (env.error) out.push(`error: ${env.error.code}: ${env.error.message}`);
  const table = toolTable(tool, env, lang);
  if (table?.rows.length) {
    // Cells joined with " | ": aligned columns cost the model tokens and tell it nothing more.
    const rows = table.rows.slice(0, limits.maxRows);
    out.push(table.header.join(' | '), ...rows.map((r) => r.join(' | ')));
    if (table.rows.length > rows.length)
      out.push(`[${table.rows.length - rows.length} more rows not shown. ${NARROW}]`);
  }
  for (const w of env.warnings.slice(0, 10)) out.push(`warning: ${w}`);
  if (env.warnings.length > 10) out.push(`[${env.warnings.length - 10} more warnings]`);
  const where = [...new Set(env.runs.map((r) => `${r.target}${r.ok ? '' : ' (failed)'}`))].slice(0, 12);
  if (where.length) out.push(`ran on: ${where.join(', ')}`);
  return capText(out.join('\n'), limits.maxResultChars);
}
