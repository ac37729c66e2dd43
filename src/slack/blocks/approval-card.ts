/**
 * The approval card, a pure builder: exactly what will happen (action, target, arguments, risk, pre-check
 * evidence), who may approve and when it expires, the plan's steps with live status, and the buttons for
 * the current state. Buttons carry only the request id; everything else is reloaded on click.
 */
import type { types } from '@slack/bolt';
import type { ApprovalRequest, StepStatus } from '../../approvals/types.ts';
import { tr } from '../../i18n/text.ts';
import type { Lang } from '../../tools/types.ts';
import { decisionLine, plainSafe, planBlock, planText } from './approval-plan.ts';
import { type Block, context, header, type SlackMessage, section } from './message.ts';
import { clip, codeBlock, esc, escClip } from './mrkdwn.ts';

export const APPROVE_ACTION = 'approval_approve';
export const REJECT_ACTION = 'approval_reject';
export const STOP_ACTION = 'approval_stop';
export const RESUME_ACTION = 'approval_resume';
export const RUN_PLAN_ACTION = 'plan_run';

const RISK: Record<ApprovalRequest['risk'], [string, string]> = {
  read: ['read-only', '読み取りのみ'],
  mutate: [
    ':large_yellow_circle: changes the cloud (one approver)',
    ':large_yellow_circle: 変更あり（承認者 1 名）',
  ],
  destructive: [
    ':red_circle: destructive — data can be lost or many VMs interrupted (two approvers)',
    ':red_circle: 破壊的 — データ消失や多数の VM 停止の恐れ（承認者 2 名）',
  ],
};

/** `<@U…>` for users, `<!subteam^S…>` for user groups: Slack renders both as names. */
export const who = (id: string): string => (/^S[A-Z0-9]+$/.test(id) ? `<!subteam^${id}>` : `<@${esc(id)}>`);

/** Slack renders <!date^…> in the reader's own time zone; the fallback is UTC. */
export const when = (iso: string): string => {
  const s = Math.floor(Date.parse(iso) / 1000);
  return Number.isFinite(s)
    ? `<!date^${s}^{date_short_pretty} {time}|${iso.slice(0, 16).replace('T', ' ')} UTC>`
    : esc(iso);
};

const button = (
  text: string,
  action_id: string,
  value: string,
  style?: 'primary' | 'danger',
  confirm?: types.Confirm,
): types.Button => ({
  type: 'button',
  text: { type: 'plain_text', text, emoji: true },
  action_id,
  value,
  ...(style ? { style } : {}),
  ...(confirm ? { confirm } : {}),
});

function buttons(r: ApprovalRequest, lang: Lang): Block | undefined {
  if (r.status === 'pending') {
    const confirm: types.Confirm = {
      title: { type: 'plain_text', text: tr(lang, 'Approve this change?', 'この変更を承認しますか？') },
      text: {
        type: 'mrkdwn',
        text: escClip(tr(lang, `This will run: ${r.title}`, `次を実行します: ${r.title}`), 290).text,
      },
      confirm: { type: 'plain_text', text: tr(lang, 'Approve', '承認') },
      deny: { type: 'plain_text', text: tr(lang, 'Cancel', 'キャンセル') },
      style: r.risk === 'destructive' ? 'danger' : 'primary',
    };
    return {
      type: 'actions',
      block_id: 'approval',
      elements: [
        button(tr(lang, 'Approve', '承認'), APPROVE_ACTION, r.id, 'primary', confirm),
        button(tr(lang, 'Reject', '却下'), REJECT_ACTION, r.id, 'danger'),
      ],
    };
  }
  if (r.status === 'running' || r.status === 'approved')
    return {
      type: 'actions',
      block_id: 'approval',
      elements: [
        button(tr(lang, 'Stop before the next step', '次のステップの前で停止'), STOP_ACTION, r.id, 'danger'),
      ],
    };
  if (r.status === 'paused')
    // Resume re-checks like an approval (steps with an unknown outcome are verified first, never re-run).
    return {
      type: 'actions',
      block_id: 'approval',
      elements: [
        button(tr(lang, 'Resume', '再開'), RESUME_ACTION, r.id, 'primary', {
          title: { type: 'plain_text', text: tr(lang, 'Resume this plan?', 'この計画を再開しますか？') },
          text: {
            type: 'mrkdwn',
            text: tr(
              lang,
              'The remaining steps run after their pre-checks pass again.',
              '残りのステップは事前チェックを再実行して通過した後に実行されます。',
            ),
          },
          confirm: { type: 'plain_text', text: tr(lang, 'Resume', '再開') },
          deny: { type: 'plain_text', text: tr(lang, 'Cancel', 'キャンセル') },
        }),
        button(tr(lang, 'Cancel the rest', '残りを中止'), REJECT_ACTION, r.id, 'danger'),
      ],
    };
  return undefined;
}

export function approvalCard(r: ApprovalRequest, lang: Lang): SlackMessage {
  const blocks: Block[] = [header(plainSafe(tr(lang, `Approval: ${r.title}`, `承認依頼: ${r.title}`)))];
  const step = r.steps[0];
  const target =
    r.steps.length === 1 && step
      ? step.label
      : tr(lang, `${r.steps.length} steps`, `${r.steps.length} ステップ`);
  blocks.push({
    type: 'section',
    fields: [
      `*${tr(lang, 'Action', '操作')}*\n\`${esc(
        r.steps
          .map((s) => s.tool)
          .filter((t, i, a) => a.indexOf(t) === i)
          .join(', '),
      )}\``,
      `*${tr(lang, 'Target', '対象')}*\n${escClip(target, 500).text}`,
      `*${tr(lang, 'Environment', '環境')}*\n\`${esc(r.env)}\``,
      `*${tr(lang, 'Risk', 'リスク')}*\n${tr(lang, ...RISK[r.risk])}`,
      `*${tr(lang, 'Requested by', '依頼者')}*\n${who(r.requester.user)}`,
      `*${tr(lang, 'Expires', '有効期限')}*\n${when(r.expiresAt)}`,
    ].map((text) => ({ type: 'mrkdwn' as const, text })),
  });
  const args = r.steps.map((s, i) => `${i + 1}. ${s.tool} ${JSON.stringify(s.input)}`).join('\n');
  blocks.push(section(`*${tr(lang, 'Arguments', '引数')}*\n${codeBlock(clip(args, 2500))}`));
  if (r.prechecks.length) {
    const lines = r.prechecks
      .slice(0, 20)
      .map((p) => `${p.ok ? ':white_check_mark:' : ':x:'} ${escClip(p.text, 300).text}`);
    blocks.push(section(`*${tr(lang, 'Pre-checks', '事前チェック')}*\n${lines.join('\n')}`));
  }
  const pool = r.approverPool.length
    ? r.approverPool.map(who).join(', ')
    : tr(lang, '(nobody configured)', '（未設定）');
  const given = r.approvals.map((a) => who(a.user)).join(', ');
  blocks.push(
    context([
      tr(
        lang,
        `Needs ${r.required} approval${r.required > 1 ? 's from different people' : ''} from ${pool}; the requester cannot approve.${given ? ` Approved so far: ${given}.` : ''}`,
        `${pool} のうち ${r.required} 名の承認が必要です（依頼者本人は承認できません）。${given ? `承認済み: ${given}。` : ''}`,
      ),
    ]),
  );
  blocks.push(planBlock(r, lang));
  blocks.push(section(planText(r, lang)));
  const line = decisionLine(r, lang);
  if (line) blocks.push(context([line]));
  // A paused plan resumes on the same quorum as approving it: say how many Resume clicks it has.
  if (r.status === 'paused' && r.required > 1) {
    const votes = (r.resumeApprovals ?? []).map((a) => who(a.user)).join(', ');
    const n = r.resumeApprovals?.length ?? 0;
    blocks.push(
      context([
        tr(
          lang,
          `Resuming needs ${r.required} different approvers (the requester cannot): ${n} of ${r.required}${votes ? ` (${votes})` : ''}.`,
          `再開には依頼者以外の承認者 ${r.required} 名の再開操作が必要です: ${n}/${r.required}${votes ? `（${votes}）` : ''}。`,
        ),
      ]),
    );
  }
  const actions = buttons(r, lang);
  if (actions) blocks.push(actions);
  const text = escClip(
    `${tr(lang, 'Approval', '承認依頼')} (${statusWord(r.status, lang)}): ${r.title}`,
    3000,
  ).text;
  return { text, blocks };
}

const STATUS: Record<ApprovalRequest['status'], [string, string]> = {
  pending: ['waiting for approval', '承認待ち'],
  approved: ['approved', '承認済み'],
  running: ['running', '実行中'],
  paused: ['paused', '一時停止'],
  done: ['done', '完了'],
  failed: ['failed', '失敗'],
  rejected: ['rejected', '却下'],
  expired: ['expired', '期限切れ'],
  cancelled: ['cancelled', '取り消し'],
};

export const statusWord = (s: ApprovalRequest['status'], lang: Lang): string => tr(lang, ...STATUS[s]);

export type { StepStatus };

/** Under a diagnosis: turns its proposed plan into an approval request (nothing runs on this click). */
export function runPlanBlock(plans: { id: string; title: string; steps: number }[], lang: Lang): Block {
  const one = plans.length === 1;
  return {
    type: 'actions',
    block_id: 'plan_offer',
    elements: plans.map((p, i) =>
      button(
        one
          ? tr(lang, `Run this plan (${p.steps} steps)…`, `この計画を実行（${p.steps} ステップ）…`)
          : clip(tr(lang, `Run plan ${i + 1}: ${p.title}`, `計画 ${i + 1} を実行: ${p.title}`), 70),
        RUN_PLAN_ACTION,
        p.id,
        i === 0 ? 'primary' : undefined,
      ),
    ),
  };
}
