/**
 * Escaping and Slack's hard limits in one place. Everything that came from a user, a host or a tool passes
 * through esc(): a VM name or a log line holding `<!channel>` must reach Slack as text, never as a ping.
 */

export const LIMITS = {
  sectionText: 3000,
  headerText: 150,
  fieldText: 2000,
  fields: 10,
  contextElements: 10,
  blocks: 50,
  /** Top-level `text` fallback: Slack truncates at 40 000; stay well below. */
  fallbackText: 3000,
} as const;

/** Slack's own rule: replace only &, < and >; order matters (& first). */
export const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Shortens to `max` characters with a visible ellipsis (never silently). */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  return `${s.slice(0, Math.max(0, max - 1))}…`;
}

/** A preformatted block for tables and log lines; backtick runs are broken so they cannot close the fence. */
export function codeBlock(text: string): string {
  return `\`\`\`\n${esc(text).replace(/```/g, '`\u200b``')}\n\`\`\``;
}

/** Keeps whole lines of `text` while the fenced, escaped result fits; returns what fit and how many lines were left out. */
export function clipLines(text: string, max = LIMITS.sectionText - 20): { text: string; omitted: number } {
  const lines = text.split('\n');
  const fence = codeBlock('').length;
  const kept: string[] = [];
  let size = fence;
  for (const line of lines) {
    const add = codeBlock(line).length - fence + 1;
    if (size + add > max) break;
    kept.push(line);
    size += add;
  }
  if (kept.length === 0 && lines.length > 0) kept.push(clip(lines[0] ?? '', Math.floor(max / 6)));
  return { text: kept.join('\n'), omitted: lines.length - kept.length };
}

/** Escapes then shortens to `max` characters without cutting an entity in half. */
export function escClip(text: string, max: number): { text: string; clipped: boolean } {
  const full = esc(text);
  if (full.length <= max) return { text: full, clipped: false };
  let out = '';
  for (const ch of text) {
    const e = esc(ch);
    if (out.length + e.length > max - 1) break;
    out += e;
  }
  return { text: `${out}…`, clipped: true };
}

/** `<@U123>` only for a well-formed Slack user id; anything else is not turned into markup. */
export const mention = (userId: string | undefined): string | undefined =>
  userId && /^[UW][A-Z0-9]{2,20}$/.test(userId) ? `<@${userId}>` : undefined;
