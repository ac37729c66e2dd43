/**
 * A mutating or destructive tool called over MCP: the same approval request Slack makes (same store, policy,
 * four-eyes, expiry; requester = this person via MCP), its card posted to the configured channel, and
 * `approval_required` with the request id and the card's link. Nothing runs here; only humans in Slack decide.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Actor } from '../approvals/types.ts';
import { describeError } from '../core/errors.ts';
import { tr } from '../i18n/text.ts';
import type { ToolDefinition } from '../tools/types.ts';
import type { McpDeps } from './deps.ts';
import { fencedResult, refusal } from './results.ts';

export async function requestChange(
  d: McpDeps,
  tool: ToolDefinition,
  input: Record<string, unknown>,
  actor: Actor,
): Promise<CallToolResult> {
  if (!d.cards)
    return refusal(
      tr(
        d.lang,
        'Changes need a Slack channel for approvals (mcp.channel and SLACK_BOT_TOKEN); nothing was requested.',
        '変更には承認用の Slack チャンネル（mcp.channel と SLACK_BOT_TOKEN）が必要です。何も依頼していません。',
      ),
    );
  const created = await d.service.approvals
    .create({
      env: d.env,
      steps: [{ tool: tool.name, input }],
      requester: actor,
      origin: { env: d.env, channel: d.cards.channel },
    })
    .catch((e: unknown) => ({
      ok: false as const,
      code: 'store_unavailable' as const,
      message: describeError(e),
    }));
  if (!created.ok) {
    await d.service.audit
      .append({
        actor: actor.user,
        via: 'mcp',
        kind: 'request_refused',
        env: d.env,
        outcome: created.code,
        detail: { tool: tool.name, input, reason: created.message },
      })
      .catch((e: unknown) => d.logger.error({ err: describeError(e) }, 'audit append failed'));
    return fencedResult(d, tool.name, 'refused', `${created.code}: ${created.message}`, {
      lead: tr(
        d.lang,
        `The change was not requested (${created.code}); nothing will run.`,
        `変更は依頼されませんでした (${created.code})。何も実行されません。`,
      ),
      isError: true,
    });
  }
  const r = created.request;
  const posted = await d.cards.post(r);
  const lead = posted.ok
    ? tr(
        d.lang,
        `approval_required: request ${r.id} was filed and nothing has run. Card: ${posted.link ?? `Slack channel ${r.card?.channel ?? ''}`}. It needs ${r.required} approval${r.required > 1 ? 's from different people' : ''} in Slack from ${r.approverPool.join(', ')}; the requester cannot approve. It expires at ${r.expiresAt}. Follow it with request_status {"id":"${r.id}"}; this server cannot approve, reject or change it.`,
        `approval_required: 依頼 ${r.id} を作成しました。まだ何も実行していません。カード: ${posted.link ?? `Slack チャンネル ${r.card?.channel ?? ''}`}。Slack で ${r.approverPool.join(', ')} のうち ${r.required} 名の承認が必要です（依頼者本人は承認できません）。期限 ${r.expiresAt}。状況は request_status {"id":"${r.id}"} で確認できます。このサーバーから承認・却下・変更はできません。`,
      )
    : tr(
        d.lang,
        `approval_required: request ${r.id} was filed and nothing has run, but its Slack card could not be posted (${posted.error}); ask an approver to look for it, or it will expire at ${r.expiresAt}.`,
        `approval_required: 依頼 ${r.id} を作成しました（何も実行していません）が、Slack にカードを投稿できませんでした (${posted.error})。承認者に確認を依頼してください。期限 ${r.expiresAt} を過ぎると失効します。`,
      );
  const result = fencedResult(d, tool.name, 'approval_required', `request: ${r.title}\nrisk: ${r.risk}`, {
    lead,
  });
  return {
    ...result,
    structuredContent: {
      status: 'approval_required',
      requestId: r.id,
      ...(posted.ok && posted.link ? { cardLink: posted.link } : {}),
      expiresAt: r.expiresAt,
    },
  };
}
