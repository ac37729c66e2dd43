/**
 * Tool output is data, never instructions: it reaches the model between fixed markers, and any marker-like text
 * inside (a VM name or log line trying to close the fence) is defused first, so it cannot end the data block.
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
