/** Shared first pass over raw command output: spots empty, binary, HTML and truncated input before any parser reads it. */

export interface PreparedLines {
  lines: string[];
  warnings: string[];
}

const MAX_LINE_WARNINGS = 5;

/** True when the text is an HTML page (a proxy or web UI answered instead of the tool). */
export function looksLikeHtml(out: string): boolean {
  if (/^\s*(<!doctype\s+html|<html[\s>])/i.test(out)) return true;
  // Two scans instead of `<(html|body)…[\s\S]*<\/(body|html)>`, which rescans to the end from every opening tag.
  const open = /<(html|body)[\s>]/i.exec(out);
  return open !== null && /<\/(body|html)>/i.test(out.slice(open.index));
}

// Control characters other than tab/newline/CR, or U+FFFD from undecodable bytes: not text a tool prints.
const BINARY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;

/**
 * Splits output into lines. Lines with binary noise are dropped, and an unterminated last line is dropped
 * too: a number cut mid-line ("MemTotal: 2976") would otherwise be read as a wrong figure.
 */
export function prepareLines(out: string, what: string): PreparedLines {
  const warnings: string[] = [];
  if (typeof out !== 'string' || out.trim() === '')
    return { lines: [], warnings: [`empty output from ${what}`] };
  if (looksLikeHtml(out))
    return { lines: [], warnings: [`${what}: got an HTML page instead of the command's output`] };
  // The common case (no CR, no binary byte) skips a rewrite of the whole text and a regex per line.
  let lines = (out.includes('\r') ? out.replace(/\r\n?/g, '\n') : out).split('\n');
  if (lines.at(-1) === '') lines.pop();
  else {
    const last = lines.pop() ?? '';
    warnings.push(
      `${what}: output ends mid-line (truncated?); ignored the partial last line "${clip(last)}"`,
    );
  }
  const binary = BINARY.test(out) ? lines.filter((l) => BINARY.test(l)).length : 0;
  if (binary > 0) {
    warnings.push(`${what}: ignored ${binary} line(s) of binary data`);
    lines = lines.filter((l) => !BINARY.test(l));
  }
  return { lines, warnings };
}

/** Collects "unrecognised line" warnings without flooding: the first few verbatim, then a count. */
export class LineComplaints {
  private readonly what: string;
  private readonly seen: string[] = [];
  private count = 0;
  constructor(what: string) {
    this.what = what;
  }
  add(line: string): void {
    this.count += 1;
    if (this.seen.length < MAX_LINE_WARNINGS) this.seen.push(clip(line));
  }
  flushInto(warnings: string[]): void {
    for (const l of this.seen) warnings.push(`${this.what}: unrecognised line "${l}"`);
    if (this.count > this.seen.length)
      warnings.push(`${this.what}: ${this.count - this.seen.length} more unrecognised line(s)`);
  }
}

export function clip(s: string, n = 60): string {
  const t = s.trim();
  return t.length > n ? `${t.slice(0, n)}…` : t;
}

/** A non-negative integer as printed, or undefined (never NaN). */
export function toInt(s: string | undefined): number | undefined {
  const t = s?.trim();
  if (t === undefined || !/^-?\d+$/.test(t)) return undefined;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : undefined;
}

export function toNumber(s: string | undefined): number | undefined {
  if (s === undefined || !/^-?\d+(\.\d+)?$/.test(s.trim())) return undefined;
  return Number(s.trim());
}
