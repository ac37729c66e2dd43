/**
 * The tools the model is offered, built from the one registry (zod → JSON Schema) plus two assistant tools:
 * `diagnose` (the deterministic runbooks) and `runbook` (their prose). Who asks decides what is offered: without
 * the right to request changes, no mutating tool is in the list at all. No tool approves, cancels or edits a request.
 */
import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import { z } from 'zod';
import type { ToolDefinition } from '../tools/types.ts';
import { catalogueLine, type RunbookProse } from './runbook-prose.ts';

export const DIAGNOSE_TOOL = 'diagnose';
export const RUNBOOK_TOOL = 'runbook';

export const diagnoseInput = z.object({
  target: z
    .string()
    .min(1)
    .max(300)
    .describe('A VM name, a host name, or the symptom in a few words ("VMs only see 3GB")'),
});

export const runbookInput = z.object({ name: z.string().min(1).max(64) });

export interface OfferedTools {
  /** What is sent as `tools` in the request. */
  definitions: ChatCompletionFunctionTool[];
  /** Offered names → registry tool (undefined for the assistant's own tools). */
  offered: Map<string, ToolDefinition | undefined>;
}

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
  return rest;
}

const fn = (name: string, description: string, schema: z.ZodType): ChatCompletionFunctionTool => ({
  type: 'function',
  function: { name, description, parameters: jsonSchema(schema) },
});

export function offeredTools(
  registry: ToolDefinition[],
  catalogue: Map<string, RunbookProse>,
  canRequestChanges: boolean,
): OfferedTools {
  const offered = new Map<string, ToolDefinition | undefined>();
  const definitions: ChatCompletionFunctionTool[] = [
    fn(
      DIAGNOSE_TOOL,
      'Runs the verified runbooks for a VM, host or symptom and returns findings with evidence. Start here.',
      diagnoseInput,
    ),
  ];
  offered.set(DIAGNOSE_TOOL, undefined);
  if (catalogue.size) {
    definitions.push(
      fn(RUNBOOK_TOOL, `Explains how a problem works. Runbooks: ${catalogueLine(catalogue)}`, runbookInput),
    );
    offered.set(RUNBOOK_TOOL, undefined);
  }
  for (const t of registry) {
    if (t.risk !== 'read' && !canRequestChanges) continue;
    const note = t.risk === 'read' ? '' : ' Creates an approval request for humans; never runs directly.';
    definitions.push(fn(t.name, `${t.description}${note}`, t.input));
    offered.set(t.name, t);
  }
  return { definitions, offered };
}
