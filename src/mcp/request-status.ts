/**
 * The read-only `request_status` tool: where an approval request is (pending / approved / running / done /
 * failed / rejected / expired / cancelled / paused), who approved, each step's result. It only reads the store.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Actor, ApprovalRequest } from '../approvals/types.ts';
import { describeError } from '../core/errors.ts';
import { tr } from '../i18n/text.ts';
import type { McpDeps } from './deps.ts';
import { fencedResult, refusal } from './results.ts';

export const REQUEST_STATUS_TOOL = 'request_status';
export const requestStatusInput = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,100}$/)
    .describe('The request id from an approval_required answer'),
});
export const REQUEST_STATUS_DESCRIPTION =
  'Reports an approval request: pending, approved, running, done, failed, rejected, expired or cancelled, with each step’s result. Read-only: approvals are given in Slack only.';

/** The status a reader should see: a pending request past its expiry is expired even before the sweeper runs. */
export function visibleStatus(r: ApprovalRequest, now: Date): ApprovalRequest['status'] {
  return r.status === 'pending' && Date.parse(r.expiresAt) <= now.getTime() ? 'expired' : r.status;
}

function report(r: ApprovalRequest, status: string): string {
  const lines = [
    `request: ${r.id}`,
    `status: ${status}`,
    `title: ${r.title}`,
    `risk: ${r.risk}; approvals: ${r.approvals.length}/${r.required}${r.approvals.length ? ` (${r.approvals.map((a) => a.user).join(', ')})` : ''}`,
    `requested by: ${r.requester.user} via ${r.requester.via} at ${r.createdAt}; expires ${r.expiresAt}`,
  ];
  if (r.decision)
    lines.push(
      `decided by: ${r.decision.by} at ${r.decision.at}${r.decision.reason ? `: ${r.decision.reason}` : ''}`,
    );
  for (const [i, s] of r.steps.entries())
    lines.push(`step ${i + 1} [${s.status}] ${s.label}${s.result ? ` → ${s.result}` : ''}`);
  if (r.outcome) lines.push(`outcome: ${r.outcome}`);
  return lines.join('\n');
}

export async function requestStatus(d: McpDeps, id: string, actor: Actor): Promise<CallToolResult> {
  let r: ApprovalRequest | undefined;
  try {
    r = await d.service.approvals.get(id);
  } catch (e) {
    return refusal(
      tr(
        d.lang,
        `Could not read the approval store: ${describeError(e)}`,
        `承認ストアを読めませんでした: ${describeError(e)}`,
      ),
    );
  }
  const status = r ? visibleStatus(r, d.now()) : 'not_found';
  await d.service.audit
    .append({
      actor: actor.user,
      via: 'mcp',
      kind: 'tool_call',
      env: d.env,
      target: id,
      outcome: status,
      detail: { tool: REQUEST_STATUS_TOOL },
    })
    .catch((e: unknown) => d.logger.error({ err: describeError(e) }, 'audit append failed'));
  if (!r)
    return refusal(tr(d.lang, `There is no approval request ${id}.`, `承認依頼 ${id} は存在しません。`));
  return fencedResult(d, REQUEST_STATUS_TOOL, status, report(r, status), {
    lead: tr(d.lang, `Request ${r.id} is ${status}.`, `依頼 ${r.id} の状態: ${status}。`),
  });
}
