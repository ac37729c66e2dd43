/**
 * Feeds a human decision on a request the assistant made back into its conversation, as a tool result the model
 * reads on the next turn: "approved by @x; result: …" or "rejected by @x: reason". Paired with a synthetic
 * `approval_status` call so the history stays a valid tool-call sequence; the model cannot call that tool.
 */
import type { ApprovalEvent, ApprovalRequest, ApprovalService } from '../approvals/types.ts';
import type { ConversationStore } from './conversation.ts';
import { redactText } from './redact-output.ts';
import { fenceUntrusted } from './untrusted.ts';

const FINAL: ReadonlySet<ApprovalEvent> = new Set([
  'done',
  'failed',
  'rejected',
  'expired',
  'cancelled',
  'paused',
]);

/** The one line the model reads about a decided request. */
export function decisionText(r: ApprovalRequest): string {
  const by = r.decision?.by ?? r.approvals.at(-1)?.user ?? 'unknown';
  const results = r.steps.map((s) => `${s.label}: ${s.status}${s.result ? ` (${s.result})` : ''}`).join('; ');
  switch (r.status) {
    case 'done':
      return `request ${r.id} approved by <@${r.approvals.map((a) => a.user).join('>, <@') || by}>; result: ${results}`;
    case 'failed':
      return `request ${r.id} approved but failed; result: ${results}`;
    case 'paused':
      return `request ${r.id} paused; outcome unknown, waiting for a human: ${results}`;
    case 'rejected':
      return `request ${r.id} rejected by <@${by}>${r.decision?.reason ? `: ${r.decision.reason}` : ''}`;
    case 'expired':
      return `request ${r.id} expired without a decision; nothing ran`;
    case 'cancelled':
      return `request ${r.id} cancelled by <@${by}>; nothing ran`;
    default:
      return `request ${r.id} is ${r.status}`;
  }
}

/** Subscribes once; returns the unsubscribe function. Errors are logged, never thrown into the service. */
export function feedDecisions(
  approvals: ApprovalService,
  conversations: ConversationStore,
  knownSecrets: string[],
  onError: (err: unknown) => void,
  onFed?: (conversationId: string, r: ApprovalRequest) => void,
): () => void {
  return approvals.subscribe((r, event) => {
    const id = r.origin.conversationId;
    if (!id || !FINAL.has(event)) return;
    conversations
      .update(id, (c) => {
        if (!c.pendingApprovals.includes(r.id)) return;
        c.pendingApprovals = c.pendingApprovals.filter((x) => x !== r.id);
        const callId = `decision_${r.id}`.slice(0, 64);
        c.messages.push(
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                id: callId,
                type: 'function',
                function: { name: 'approval_status', arguments: JSON.stringify({ request_id: r.id }) },
              },
            ],
          },
          {
            role: 'tool',
            tool_call_id: callId,
            content: fenceUntrusted('approval_status', r.status, redactText(decisionText(r), knownSecrets)),
          },
        );
      })
      .then((c) => {
        if (c) onFed?.(id, r);
      })
      .catch(onError);
  });
}
