/**
 * The one registry of tools. Every surface runs tools through `run()`, which validates input with the
 * tool's zod schema, refuses to execute anything non-read (that path belongs to approvals), and turns any
 * failure into an 'error' envelope so a bad input or a dead host never crashes a caller. `execute()` is
 * the approval executor's door: it runs a mutating tool only with an unspent `ExecutionGrant`.
 */
import { z } from 'zod';
// Loading the executor claims the one grant minter before any other module can (see approvals/grant.ts).
import '../approvals/executor.ts';
import { ExecutionGrant } from '../approvals/grant.ts';
import { OpsError } from '../core/errors.ts';
import type { ToolContext } from './context.ts';
import { errorEnvelope, okEnvelope } from './envelope.ts';
import type { Envelope, RunRecord, ToolDefinition } from './types.ts';

const toolNamePattern = /^[a-z][a-z0-9_]{1,63}$/;

/** What callers see of a non-read tool: its declaration and checks, but a `run` that refuses. */
const withoutRun = (tool: ToolDefinition): ToolDefinition =>
  Object.freeze({
    ...tool,
    run: async () => {
      throw new OpsError('not_allowed', `${tool.name} changes the cloud: only an approved request runs it`);
    },
  });

export class ToolRegistry {
  /** Public views: a non-read tool's `run` refuses, so holding the registry is not a way around approval. */
  private readonly tools = new Map<string, ToolDefinition>();
  /** The real runners of non-read tools, reachable only through execute() with a grant. */
  readonly #mutators = new Map<string, ToolDefinition>();

  constructor(tools: ToolDefinition[] = []) {
    for (const t of tools) this.add(t);
  }

  add(tool: ToolDefinition): void {
    if (!toolNamePattern.test(tool.name))
      throw new Error(`tool name "${tool.name}" must match ${toolNamePattern}`);
    if (this.tools.has(tool.name)) throw new Error(`tool "${tool.name}" is declared twice`);
    if (tool.risk !== 'read') this.#mutators.set(tool.name, tool);
    this.tools.set(tool.name, tool.risk === 'read' ? tool : withoutRun(tool));
  }

  get(name: string): ToolDefinition | undefined {
    return this.tools.get(name);
  }

  list(): ToolDefinition[] {
    return [...this.tools.values()];
  }

  /**
   * Runs a mutating tool for the approval executor. Refuses (error envelope, nothing run) unless `grant`
   * is a real, unspent grant for exactly this tool and validated input.
   */
  async execute(
    name: string,
    rawInput: unknown,
    ctx: Omit<ToolContext, 'record'>,
    grant: unknown,
  ): Promise<Envelope> {
    const started = Date.now();
    const runs: RunRecord[] = [];
    const tool = this.#mutators.get(name);
    if (!tool)
      return errorEnvelope(name, new OpsError('unknown_tool', `no mutating tool "${name}"`), runs, started);
    const parsed = tool.input.safeParse(rawInput ?? {});
    if (!parsed.success)
      return errorEnvelope(
        name,
        new OpsError('invalid_argument', `invalid input for ${name}`),
        runs,
        started,
      );
    if (!ExecutionGrant.redeem(grant, name, rawInput))
      return errorEnvelope(
        name,
        new OpsError('not_allowed', `${name}: no valid approval grant`),
        runs,
        started,
      );
    try {
      const result = await tool.run(parsed.data, { ...ctx, record: (r) => runs.push(r) });
      return okEnvelope(name, result, runs, started);
    } catch (e) {
      ctx.logger.warn({ tool: name, err: e }, 'tool failed');
      return errorEnvelope(name, e, runs, started);
    }
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
