/**
 * The tools the model is offered, built from the one registry (zod → JSON Schema) plus two assistant tools:
 * `diagnose` (the deterministic runbooks) and `runbook` (their prose). Who asks decides what is offered: without
 * the right to request changes, no mutating tool is in the list at all. No tool approves, cancels or edits a request.
 */
import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import { z } from 'zod';
import type { ToolDefinition } from '../tools/types.ts';
import type { RunbookProse } from './runbook-prose.ts';

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

/**
 * The schema the model reads: types, enums, required fields and short property descriptions. Patterns, bounds and
 * defaults are left out — every call is validated with the tool's zod schema, whose error names the expected
 * form — because they cost tokens on every request.
 */
const DROPPED = new Set(['pattern', '$schema', 'minLength', 'maxLength', 'minimum', 'maximum', 'default']);

/**
 * Inputs a runbook's plan fills from the state it was computed from — `expected…` (expectedHost, expectedValue…)
 * and any declared with `.meta({ planOnly: true })` — are not offered: the model has no such state to bind, and
 * they stay optional in zod.
 */
const PLAN_BINDING = /^expected[A-Z]/;
const planOnly = (name: string, schema: unknown): boolean =>
  PLAN_BINDING.test(name) || (schema as { planOnly?: unknown } | null)?.planOnly === true;

/** Appended to every mutating tool's description; the system prompt explains it once. */
export const APPROVAL_MARK = '[approval]';

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const strip = (v: unknown, key?: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => strip(x));
    if (typeof v === 'string' && key === 'description') return shortDescription(v, 60);
    if (!v || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (DROPPED.has(k) || (key === 'properties' && planOnly(k, x))) continue;
      out[k] = strip(x, k);
    }
    return out;
  };
  return strip(z.toJSONSchema(schema, { io: 'input' })) as Record<string, unknown>;
}

/** The first sentence of a description: enough to choose the tool; the result says the rest. */
export function shortDescription(d: string, max = 72): string {
  const end = d.search(/\. /);
  const first = end > 0 ? d.slice(0, end + 1) : d;
  return first.length > max ? `${first.slice(0, max - 1)}…` : first;
}

const fn = (
  name: string,
  description: string,
  schema: z.ZodType,
  shorten = true,
): ChatCompletionFunctionTool => ({
  type: 'function',
  function: {
    name,
    description: shorten ? shortDescription(description) : description,
    parameters: jsonSchema(schema),
  },
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
      fn(
        RUNBOOK_TOOL,
        `Explains how a known problem works. Runbooks: ${[...catalogue.keys()].join(', ')}`,
        runbookInput,
        false,
      ),
    );
    offered.set(RUNBOOK_TOOL, undefined);
  }
  for (const t of registry) {
    if (t.risk !== 'read' && !canRequestChanges) continue;
    definitions.push(fn(t.name, t.description, t.input));
    // The mark survives shortening; prompts/system.md says once what it means (the call only asks humans).
    if (t.risk !== 'read') definitions.at(-1)!.function.description += ` ${APPROVAL_MARK}`;
    offered.set(t.name, t);
  }
  return { definitions, offered };
}
