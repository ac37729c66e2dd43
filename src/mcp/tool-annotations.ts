/** MCP tool annotations from a tool's declared risk: hints for the client's UI, never the enforcement. */
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { ToolDefinition } from '../tools/types.ts';

export function annotationsFor(t: Pick<ToolDefinition, 'risk' | 'idempotent'>): ToolAnnotations {
  if (t.risk === 'read') return { readOnlyHint: true, idempotentHint: true };
  return {
    readOnlyHint: false,
    destructiveHint: t.risk === 'destructive',
    ...(t.idempotent ? { idempotentHint: true } : {}),
  };
}

/** Every mutating tool says what a call really does over MCP, so the client's model does not promise a change. */
export const MCP_MUTATION_NOTE =
  ' Over MCP this only files an approval request; humans approve or reject it in Slack, and request_status shows the outcome.';
