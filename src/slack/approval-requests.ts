/**
 * Turns a Slack request for a change (a `/cloudops vm stop …` command, or "Run this plan") into an
 * ApprovalService request and posts its card in the thread. Nothing runs here: only an approval can.
 */
import type { PlannedStep } from '../approvals/types.ts';
import { tr } from '../i18n/text.ts';
import { approvalCard } from './blocks/approval-card.ts';
import { errorMessage } from './blocks/notices.ts';
import type { MutationCommand } from './command-parse-mutations.ts';
import type { BotContext } from './dispatch.ts';
import type { RequestMessages } from './request-messages.ts';

export interface ChangeRequest {
  env?: string;
  title?: string;
  steps: { tool: string; input: Record<string, unknown>; label?: string }[];
  concurrency?: number;
}

/**
 * Creates the request and posts its card; refusals and invalid input go to the requester only.
 * Returns the request id when one was created.
 */
export async function requestChange(
  ctx: BotContext,
  msgs: RequestMessages,
  change: ChangeRequest,
): Promise<string | undefined> {
  const p = msgs.place;
  if (!ctx.approvals) {
    await msgs.notice(errorMessage(approvalsOff(p.lang)));
    return undefined;
  }
  const env = change.env ?? ctx.deps.service.environments()[0]?.name ?? 'default';
  const created = await ctx.approvals
    .create({
      env,
      steps: change.steps,
      ...(change.title ? { title: change.title } : {}),
      ...(change.concurrency ? { concurrency: change.concurrency } : {}),
      requester: { user: p.user, via: 'slack' },
      origin: { env, channel: p.channel, ...(p.threadTs ? { threadTs: p.threadTs } : {}) },
    })
    .catch((err: unknown) => ({
      ok: false as const,
      code: 'store_unavailable' as const,
      message: String(err),
    }));
  if (!created.ok) {
    ctx.logger.info({ user: p.user, code: created.code }, 'approval request refused');
    await msgs.notice(errorMessage(createRefused(p.lang, created.code, created.message)));
    return undefined;
  }
  const ts = await msgs.postCard(approvalCard(created.request, p.lang));
  if (ts) await ctx.approvals.setCard(created.request.id, { channel: p.channel, ts });
  return created.request.id;
}

export async function requestMutation(
  ctx: BotContext,
  msgs: RequestMessages,
  cmd: MutationCommand,
): Promise<void> {
  const step: PlannedStep = { tool: cmd.tool, input: cmd.input, label: cmd.label };
  await requestChange(ctx, msgs, { ...(cmd.env ? { env: cmd.env } : {}), steps: [step] });
}

const approvalsOff = (lang: 'en' | 'ja'): string =>
  tr(
    lang,
    'This changes the cloud, so it needs a human approval, and approvals are not set up for this bot. Admin: add an `approvals` section to the config (see docs/slack.md). To only look, use `/cloudops vm <name> memory` or `/cloudops diagnose <name>`.',
    'これはクラウドを変更する操作のため人による承認が必要ですが、このボットでは承認が設定されていません。管理者の方: 設定に `approvals` を追加してください（docs/slack.md 参照）。確認だけなら `/cloudops vm <名前> memory` か `/cloudops diagnose <名前>` を使ってください。',
  );

function createRefused(lang: 'en' | 'ja', code: string, message: string): string {
  if (code === 'not_allowed')
    return tr(
      lang,
      `You may not request changes here: ${message}`,
      `ここで変更を依頼する権限がありません: ${message}`,
    );
  if (code === 'store_unavailable')
    return tr(
      lang,
      'The approval store is unavailable, so nothing was requested and nothing will run. Try again shortly.',
      '承認ストアが利用できないため、依頼は作成されず何も実行されません。少し後に再試行してください。',
    );
  return tr(lang, `The request was not created: ${message}`, `依頼は作成されませんでした: ${message}`);
}
