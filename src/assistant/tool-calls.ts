/**
 * Runs one tool call the model asked for. Reads run at once (with a timeout, answered from the conversation's
 * cache when repeated); a mutating call only ever becomes an approval request and the model gets
 * `approval_required` with its id. Malformed arguments, unknown or unoffered tools come back as error results.
 * Every result is compacted, redacted and fenced before the model sees it.
 */
import type { Actor, ApprovalService, RequestOrigin } from '../approvals/types.ts';
import { describeError } from '../core/errors.ts';
import type { OpsService } from '../core/ops-service.ts';
import type { Lang } from '../tools/types.ts';
import { capText, compactEnvelope } from './compact.ts';
import { compactDiagnosis } from './compact-diagnosis.ts';
import type { Conversation } from './conversation.ts';
import type { ModelToolCall } from './model-client.ts';
import { redactText } from './redact-output.ts';
import type { RunbookProse } from './runbook-prose.ts';
import {
  DIAGNOSE_TOOL,
  diagnoseInput,
  type OfferedTools,
  RUNBOOK_TOOL,
  runbookInput,
} from './tool-catalog.ts';
import { fenceUntrusted } from './untrusted.ts';

export type ToolOutcomeStatus = 'ok' | 'error' | 'approval_required' | 'cached';

export interface ToolOutcome {
  callId: string;
  name: string;
  status: ToolOutcomeStatus;
  /** What the model reads (fenced, redacted, capped). */
  content: string;
  /** One line for the task card in Slack or the CLI's progress. */
  oneLine: string;
  approvalId?: string;
}

export interface ToolCallContext {
  service: OpsService;
  tools: OfferedTools;
  catalogue: Map<string, RunbookProse>;
  approvals?: ApprovalService;
  requester: Actor;
  origin: RequestOrigin;
  env?: string;
  lang: Lang;
  toolTimeoutMs: number;
  maxConversationToolChars: number;
  knownSecrets: string[];
  signal: AbortSignal;
}

const MAX_ARGS_CHARS = 8000;

/** Same tool + same arguments (key order ignored) ⇒ same key. */
export function callKey(name: string, args: unknown): string {
  const canon = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v as object)
            .sort()
            .map((k) => [k, canon((v as Record<string, unknown>)[k])]),
        )
      : Array.isArray(v)
        ? v.map(canon)
        : v;
  return `${name} ${JSON.stringify(canon(args))}`;
}

function parseArgs(raw: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (raw.length > MAX_ARGS_CHARS)
    return { ok: false, message: `arguments longer than ${MAX_ARGS_CHARS} characters` };
  if (!raw.trim()) return { ok: true, value: {} };
  try {
    const value: unknown = JSON.parse(raw);
    if (!value || typeof value !== 'object' || Array.isArray(value))
      return { ok: false, message: 'arguments must be a JSON object' };
    return { ok: true, value };
  } catch {
    return { ok: false, message: 'arguments are not valid JSON' };
  }
}

const firstLine = (s: string) => (s.split('\n', 1)[0] ?? '').slice(0, 160);

async function withTimeout<T>(
  ms: number,
  signal: AbortSignal,
  run: (s: AbortSignal) => Promise<T>,
): Promise<T> {
  const s = AbortSignal.any([signal, AbortSignal.timeout(ms)]);
  let onAbort: () => void = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () =>
      reject(new Error(signal.aborted ? 'stopped' : `no answer within ${Math.round(ms / 1000)} s`));
    s.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([run(s), aborted]);
  } finally {
    s.removeEventListener('abort', onAbort);
  }
}

export async function runToolCall(
  call: ModelToolCall,
  conv: Conversation,
  ctx: ToolCallContext,
): Promise<ToolOutcome> {
  const out = (
    status: ToolOutcomeStatus,
    text: string,
    oneLine: string,
    approvalId?: string,
  ): ToolOutcome => {
    const safe = redactText(text, ctx.knownSecrets);
    return {
      callId: call.id,
      name: call.name,
      status,
      content: fenceUntrusted(call.name, status, safe),
      oneLine: redactText(oneLine, ctx.knownSecrets),
      ...(approvalId ? { approvalId } : {}),
    };
  };
  const fail = (msg: string) => out('error', `error: ${msg}`, msg);

  if (!ctx.tools.offered.has(call.name))
    return fail(`tool "${call.name.slice(0, 64)}" is not available to you`);
  const args = parseArgs(call.arguments);
  if (!args.ok)
    return fail(`${args.message}; call ${call.name} again with a JSON object matching its schema`);
  const tool = ctx.tools.offered.get(call.name);

  if (tool && tool.risk !== 'read') {
    if (!ctx.approvals)
      return fail('changes cannot be requested from here; propose the step in your answer instead');
    const r = await ctx.approvals.create({
      env: ctx.origin.env,
      steps: [{ tool: call.name, input: args.value as Record<string, unknown> }],
      requester: ctx.requester,
      origin: ctx.origin,
    });
    if (!r.ok) return fail(`approval request refused (${r.code}): ${r.message}`);
    const label = r.request.steps.map((s) => s.label).join('; ');
    return out(
      'approval_required',
      `approval_required: request ${r.request.id} (${label}) is waiting for a human approver. It has NOT run. Tell the user it awaits approval; do not claim it happened.`,
      `approval requested: ${label} (${r.request.id})`,
      r.request.id,
    );
  }

  const key = callKey(call.name, args.value);
  const hit = conv.toolCache.find(([k]) => k === key);
  if (hit)
    return out(
      'cached',
      `(same call as earlier in this conversation; result repeated)\n${hit[1]}`,
      'same as earlier (cached)',
    );
  if (conv.toolOutputChars >= ctx.maxConversationToolChars)
    return fail(
      'this conversation has used its tool-output budget; answer from what you have, or ask the user to narrow the question',
    );

  let text: string;
  let status: ToolOutcomeStatus = 'ok';
  try {
    if (call.name === DIAGNOSE_TOOL) {
      const p = diagnoseInput.safeParse(args.value);
      if (!p.success) return fail('diagnose needs {"target": "<vm, host or symptom>"}');
      const d = await withTimeout(ctx.toolTimeoutMs, ctx.signal, (signal) =>
        ctx.service.diagnose(p.data.target, { lang: ctx.lang, signal, ...(ctx.env ? { env: ctx.env } : {}) }),
      );
      text = compactDiagnosis(d);
      if (d.error) status = 'error';
    } else if (call.name === RUNBOOK_TOOL) {
      const p = runbookInput.safeParse(args.value);
      const rb = p.success ? ctx.catalogue.get(p.data.name) : undefined;
      if (!rb) return fail(`unknown runbook; known: ${[...ctx.catalogue.keys()].join(', ')}`);
      text = capText(rb.body, 4000);
    } else {
      const env = await withTimeout(ctx.toolTimeoutMs, ctx.signal, (signal) =>
        ctx.service.runTool(call.name, args.value, {
          lang: ctx.lang,
          signal,
          ...(ctx.env ? { env: ctx.env } : {}),
        }),
      );
      text = compactEnvelope(tool, env, ctx.lang);
      if (env.status === 'error') status = 'error';
    }
  } catch (e) {
    return fail(`${call.name} failed: ${describeError(e)}`);
  }
  const safe = redactText(text, ctx.knownSecrets);
  conv.toolOutputChars += safe.length;
  if (status === 'ok') conv.toolCache.push([key, safe]);
  return out(status, safe, firstLine(safe.replace(/^status: \w+\nsummary: /, '')));
}
