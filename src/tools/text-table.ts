/** Fixed-width text tables for the CLI and for long Slack snippets; counts East Asian wide characters as two. */

const width = (s: string): number => {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(
      ch,
    )
      ? 2
      : 1;
  return w;
};

export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c + ' '.repeat((widths[i] ?? 0) - width(c)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** KiB → "3.0 GiB"; undefined → "unknown" (never guess a figure). */
export const kibText = (kib: number | undefined, unknown = 'unknown'): string =>
  kib === undefined ? unknown : `${(kib / 1048576).toFixed(1)} GiB`;

/** The usual text rendering of a tool: summary, its table, then warnings. */
export function reportWithTable(
  env: { summary: string; warnings: string[] },
  table: { header: string[]; rows: string[][] } | undefined,
): string {
  const out = [env.summary];
  if (table?.rows.length) out.push('', textTable(table.header, table.rows));
  for (const w of env.warnings) out.push(`! ${w}`);
  return out.join('\n');
}
