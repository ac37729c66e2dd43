/** A request's steps as Slack's `plan` / `task_card` blocks with a plain-text fallback, and its decision line. */
import type { types } from '@slack/bolt';
import type { ApprovalRequest, StepState } from '../../approvals/types.ts';
import { tr } from '../../i18n/text.ts';
import type { Lang } from '../../tools/types.ts';
import type { Block } from './message.ts';
import { esc, escClip } from './mrkdwn.ts';

type TaskStatus = types.TaskCardBlock['status'];

const TASK: Record<StepState['status'], TaskStatus> = {
  pending: 'pending',
  in_progress: 'in_progress',
  complete: 'complete',
  error: 'error',
  // Neither ran nor failed: shown as pending with the reason in the title.
  skipped: 'pending',
  unknown: 'error',
};

const ICON: Record<StepState['status'], string> = {
  pending: ':white_circle:',
  in_progress: ':arrows_counterclockwise:',
  complete: ':white_check_mark:',
  error: ':x:',
  skipped: ':fast_forward:',
  unknown: ':grey_question:',
};

const NOTE: Partial<Record<StepState['status'], [string, string]>> = {
  skipped: ['skipped', 'スキップ'],
  unknown: ['outcome unknown — verify before going on', '結果不明 — 続行前に確認が必要'],
};

/**
 * Plain-text fields (plan and task titles, the header) never format, but a name like `<!channel>` must not
 * reach Slack in any field: angle brackets become look-alikes.
 */
export const plainSafe = (s: string): string => s.replace(/</g, '‹').replace(/>/g, '›');

const stepTitle = (s: StepState, lang: Lang): string => {
  const note = NOTE[s.status];
  return plainSafe(`${s.label}${note ? ` (${tr(lang, ...note)})` : ''}`).slice(0, 250);
};

const richText = (text: string): types.RichTextBlock => ({
  type: 'rich_text',
  elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: text.slice(0, 1000) }] }],
});

export function planBlock(r: ApprovalRequest, lang: Lang): Block {
  return {
    type: 'plan',
    title: plainSafe(tr(lang, `Plan: ${r.title}`, `計画: ${r.title}`)).slice(0, 250),
    tasks: r.steps.slice(0, 40).map(
      (s, i): types.TaskCardBlock => ({
        type: 'task_card',
        task_id: `step-${i + 1}`,
        title: stepTitle(s, lang),
        status: TASK[s.status],
        ...(s.result ? { output: richText(plainSafe(s.result)) } : {}),
      }),
    ),
  };
}

/** The same steps for clients that do not render `plan` blocks, and for notifications. */
export function planText(r: ApprovalRequest, lang: Lang): string {
  const lines = r.steps
    .slice(0, 40)
    .map(
      (s, i) =>
        `${ICON[s.status]} ${i + 1}. ${escClip(stepTitle(s, lang), 250).text}${s.result ? ` — ${escClip(s.result, 300).text}` : ''}`,
    );
  if (r.steps.length > 40)
    lines.push(tr(lang, `…${r.steps.length - 40} more steps`, `…ほか ${r.steps.length - 40} ステップ`));
  return `*${tr(lang, 'Steps', 'ステップ')}*\n${lines.join('\n')}`;
}

const at = (iso: string): string => {
  const s = Math.floor(Date.parse(iso) / 1000);
  return Number.isFinite(s) ? `<!date^${s}^{time}|${iso.slice(11, 16)} UTC>` : esc(iso);
};
const u = (id: string): string => `<@${esc(id)}>`;

/** Replaces the buttons once decided: "Approved by @x at 12:03", rejected, expired, stopped. */
export function decisionLine(r: ApprovalRequest, lang: Lang): string | undefined {
  const approvers = r.approvals.map((a) => u(a.user)).join(', ');
  const lastApproval = r.approvals.at(-1)?.at;
  const approved =
    approvers && lastApproval
      ? tr(
          lang,
          `Approved by ${approvers} at ${at(lastApproval)}`,
          `${approvers} が ${at(lastApproval)} に承認`,
        )
      : '';
  const reason = r.decision?.reason ? ` — ${escClip(r.decision.reason, 500).text}` : '';
  switch (r.status) {
    case 'pending':
      return r.approvals.length
        ? tr(
            lang,
            `:hourglass: ${approved}; waiting for one more approver`,
            `:hourglass: ${approved}。もう 1 名の承認待ち`,
          )
        : undefined;
    case 'approved':
    case 'running':
      return `:white_check_mark: ${approved}`;
    case 'done':
      return tr(
        lang,
        `:white_check_mark: ${approved}. Done.`,
        `:white_check_mark: ${approved}。完了しました。`,
      );
    case 'failed':
      return tr(
        lang,
        `:x: ${approved}. Failed — see the steps above; nothing after the failed step ran.`,
        `:x: ${approved}。失敗 — 失敗したステップ以降は実行していません。`,
      );
    case 'paused':
      return tr(
        lang,
        `:double_vertical_bar: Paused${r.decision ? ` by ${u(r.decision.by)}` : ''}; the remaining steps wait for a human.`,
        `:double_vertical_bar: 一時停止中${r.decision ? `（${u(r.decision.by)}）` : ''}。残りのステップは人の判断を待っています。`,
      );
    case 'rejected':
      return r.decision
        ? tr(
            lang,
            `:no_entry: Rejected by ${u(r.decision.by)} at ${at(r.decision.at)}${reason}`,
            `:no_entry: ${u(r.decision.by)} が ${at(r.decision.at)} に却下${reason}`,
          )
        : tr(lang, ':no_entry: Rejected', ':no_entry: 却下');
    case 'expired':
      return tr(
        lang,
        `:hourglass: Expired at ${at(r.expiresAt)}; nothing ran.`,
        `:hourglass: ${at(r.expiresAt)} に期限切れ。何も実行していません。`,
      );
    case 'cancelled':
      return tr(
        lang,
        `:heavy_multiplication_x: Cancelled${r.decision ? ` by ${u(r.decision.by)}` : ''}; nothing more runs.`,
        `:heavy_multiplication_x: 取り消し${r.decision ? `（${u(r.decision.by)}）` : ''}。これ以上は実行しません。`,
      );
  }
}

/**
 * `plan` / `task_card` blocks are new and not accepted on every surface (invalid_blocks): the same card
 * without them still says everything, through the plain-text step list.
 */
export function withoutPlanBlocks<M extends { blocks: Block[] }>(m: M): M {
  return { ...m, blocks: m.blocks.filter((b) => b.type !== 'plan') };
}

export const isInvalidBlocks = (err: unknown): boolean =>
  (err as { data?: { error?: string } } | null)?.data?.error === 'invalid_blocks';
