/**
 * The one registry of tools. Every surface runs tools through `run()`, which validates input with the
 * tool's zod schema, refuses to execute anything `mutate` (that path belongs to approvals), and turns any
 * failure into an 'error' envelope so a bad input or a dead host never crashes a caller.
 */
import { z } from 'zod';
import { OpsError } from '../core/errors.ts';
import type { ToolContext } from './context.ts';
import { errorEnvelope, okEnvelope } from './envelope.ts';
import type { Envelope, RunRecord, ToolDefinition } from './types.ts';

const toolNamePattern = /^[a-z][a-z0-9_]{1,63}$/;

export class ToolRegistry {
  private readonly tools = new Map<string, ToolDefinition>();

  constructor(tools: ToolDefinition[] = []) {
    for (const t of tools) this.add(t);
  }

  add(tool: ToolDefinition): void {
    if (!toolNamePattern.test(tool.name))
      throw new OpsError('config_invalid', `tool name "${tool.name}" must match ${toolNamePattern}`);
    if (this.tools.has(tool.name))
      throw new OpsError('config_invalid', `tool "${tool.name}" is declared twice`);
    this.tools.set(tool.name, tool);
  }

  get(name: string): ToolDefinition | undefined {
    return this.tools.get(name);
  }

  list(): ToolDefinition[] {
    return [...this.tools.values()];
  }

  /** Validates and runs a read tool. A mutating tool only ever yields 'approval_required' here. */
  async run(name: string, rawInput: unknown, ctx: Omit<ToolContext, 'record'>): Promise<Envelope> {
    const started = Date.now();
    const runs: RunRecord[] = [];
    const tool = this.tools.get(name);
    if (!tool)
      return errorEnvelope(name, new OpsError('unknown_tool', `unknown tool "${name}"`), runs, started);
    const parsed = tool.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const msg = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
      return errorEnvelope(
        name,
        new OpsError('invalid_argument', `invalid input for ${name}: ${msg}`),
        runs,
        started,
      );
    }
    if (tool.risk !== 'read') {
      return {
        ...okEnvelope(
          name,
          {
            status: 'approval_required',
            data: null,
            summary: `${name} changes the cloud and needs a human approval`,
          },
          runs,
          started,
        ),
        approval: { action: name, input: parsed.data, reason: 'mutating action' },
      };
    }
    try {
      const result = await tool.run(parsed.data, { ...ctx, record: (r) => runs.push(r) });
      return okEnvelope(name, result, runs, started);
    } catch (e) {
      ctx.logger.warn({ tool: name, err: e }, 'tool failed');
      return errorEnvelope(name, e, runs, started);
    }
  }
}

/** JSON Schema of a tool's input, for the model and for `cloudops tool --help`. */
export const toolInputJsonSchema = (t: ToolDefinition): unknown => z.toJSONSchema(t.input, { io: 'input' });
