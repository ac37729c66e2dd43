/**
 * Tool output is data, never instructions: a model reads it between fixed markers, and marker-like text inside
 * (a VM name or log line trying to close the fence) is defused first, so it cannot end the data block. Shared
 * by every surface that hands results to a model (MCP now; the assistant can adopt it: same names and shape).
 */

export const FENCE_OPEN = '<<<tool_output';
export const FENCE_CLOSE = '<<<end_tool_output>>>';

/** `<<<` and `>>>` can never appear inside; everything else is kept as the tool saw it. */
export const escapeFence = (text: string): string => text.replaceAll('<<<', '‹‹‹').replaceAll('>>>', '›››');

const attr = (v: string): string => v.replace(/[^A-Za-z0-9_.:-]/g, '_').slice(0, 64);

/** Wraps one tool result as untrusted data, labelled with the tool and its status. */
export function fenceUntrusted(tool: string, status: string, content: string): string {
  return `${FENCE_OPEN} tool=${attr(tool)} status=${attr(status)}>>>\n${escapeFence(content)}\n${FENCE_CLOSE}`;
}

const NARROW = 'Output was cut. Narrow your query (one VM, one host or one setting name) to see the rest.';

/** Cuts text at `max` characters on a line boundary and says so. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf('\n', max);
  return `${text.slice(0, cut > max / 2 ? cut : max)}\n[… ${text.length - max} more characters not shown. ${NARROW}]`;
}
