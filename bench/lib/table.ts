/** Renders the results as an aligned Markdown table, so the output can be pasted into the README as is. */
import type { MethodRun } from './openssh-methods.ts';
import { fmt, max, median, min } from './stats.ts';

export interface TimedRun extends MethodRun {
  clientCpuS: number;
  sshdCpuS: number;
  /** The bot worker's peak RSS so far (KiB); absent for external tools. */
  peakRssKiB?: number;
}

export interface MethodResult {
  label: string;
  runs: TimedRun[];
  /** Set when the method could not run at all (tool missing). */
  skipped?: string;
  extraNote?: string;
}

export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function resultRow(r: MethodResult, hosts: number): string[] {
  if (r.skipped || r.runs.length === 0)
    return [r.label, '-', '-', '-', '-', `skipped: ${r.skipped ?? 'no runs'}`];
  const walls = r.runs.map((x) => x.wallMs / 1000);
  const worst = Math.min(...r.runs.map((x) => x.ok));
  const notes = [
    `CPU client ${fmt(median(r.runs.map((x) => x.clientCpuS)), 1)} s, sshd ${fmt(median(r.runs.map((x) => x.sshdCpuS)), 1)} s`,
  ];
  const lossy = r.runs.filter((x) => x.ok < hosts);
  if (lossy.length > 0) {
    const why = [...new Set(lossy.map((x) => x.problem).filter(Boolean))].join(', ');
    notes.push(`LOST HOSTS in ${lossy.length}/${r.runs.length} runs${why ? ` (${why})` : ''}`);
  }
  if (r.extraNote) notes.push(r.extraNote);
  return [
    r.label,
    `${worst}/${hosts}`,
    fmt(median(walls)),
    fmt(min(walls)),
    fmt(max(walls)),
    notes.join('; '),
  ];
}

export const TABLE_HEADER = ['method', 'hosts ok', 'wall s (median)', 'min', 'max', 'notes'];
