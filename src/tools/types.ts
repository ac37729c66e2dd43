/** The contract every tool honours: one declaration, one result envelope, used by CLI, Slack and the LLM alike. */
import type { z } from 'zod';
import type { ToolContext } from './context.ts';

/** `read` runs at once; `mutate` needs one approver; `destructive` (data loss, many VMs interrupted) needs two. */
export type Risk = 'read' | 'mutate' | 'destructive';
export type EnvelopeStatus = 'ok' | 'no_data' | 'error' | 'approval_required';
/**
 * Whether the result shows a problem (not whether the tool ran): `unknown` = could not check, which never
 * reads as "no problem found". Every surface shows it; `severityOf` derives it when a tool does not say.
 */
export type ResultSeverity = 'ok' | 'warning' | 'problem' | 'unknown';

/** One remote or API call a tool made, for the "what was run where" evidence. */
export interface RunRecord {
  target: string; // host name, "cloudstack-api" or "database"
  what: string; // argv joined for display, or API command name
  ok: boolean;
  durationMs: number;
  error?: string;
}

export interface Envelope<D = unknown> {
  tool: string;
  status: EnvelopeStatus;
  severity?: ResultSeverity;
  /** Structured result for renderers and scripts (--json). */
  data: D;
  /** Compact plain text for a model or a terminal; never contains secrets. */
  summary: string;
  /** Per-host problems that did not stop the tool (unreachable host, parse failure). */
  warnings: string[];
  runs: RunRecord[];
  startedAt: string;
  durationMs: number;
  /** Set when status is 'error'. */
  error?: { code: string; message: string };
  /** Set when status is 'approval_required'. */
  approval?: { action: string; input: unknown; reason: string };
}

export type Lang = 'en' | 'ja';
/** A tool's name for humans, in every language the answers are given in. */
export type ToolTitle = Record<Lang, string>;

export interface ToolDefinition<I extends z.ZodType = z.ZodType, D = unknown> {
  name: string;
  /** Header of its Slack card; the name stands in when a tool has none. */
  title?: ToolTitle;
  /** For humans and for the model: what it does, when to use it. */
  description: string;
  input: I;
  risk: Risk;
  /** Calling it again with the same input changes nothing more (a hint for MCP clients; never enforcement). */
  idempotent?: boolean;
  /** Runs the tool. Throwing is allowed; the registry turns it into an 'error' envelope. */
  run(input: z.output<I>, ctx: ToolContext): Promise<ToolRunResult<D>>;
  /**
   * The tool's result as one table, shared by every surface: the CLI prints it under the summary, Slack as a
   * code block. Omit it for tools whose summary says everything.
   */
  table?(data: D, lang: Lang): ToolTable | undefined;
  /** Custom plain-text rendering, when summary + table + warnings is not enough. See renderToolText. */
  renderText?(env: Envelope<D>, lang: Lang): string;
  /** Mutating tools: one line for the approval card ("stop web01 (i-2-31-VM) on kvm02, graceful"). */
  describe?(input: z.output<I>, lang: Lang): string;
  /**
   * Mutating tools: what must still be true, checked when the request is made and again right before the
   * step runs (VM still on that host and in that state, target host has the memory, setting still has the
   * value the plan assumed). `ok: false` cancels the step with `text` as the reason.
   */
  precheck?(input: z.output<I>, ctx: ToolContext): Promise<{ ok: boolean; text: string }>;
  /** Mutating tools: confirms the outcome after the run (VM Running on the target host, setting changed at that scope). */
  verify?(input: z.output<I>, data: D, ctx: ToolContext): Promise<{ ok: boolean; text: string }>;
}

export interface ToolTable {
  header: string[];
  rows: string[][];
}

export interface ToolRunResult<D> {
  status?: EnvelopeStatus;
  /** Say `problem` when the result shows one (capped VMs, OOM kills, over-allocation); else derived. */
  severity?: ResultSeverity;
  data: D;
  summary: string;
  warnings?: string[];
}
