/** `/cloudops audit [n | vm NAME | user @x]`: recent audit entries, shown only to the asker. */
import { tr } from '../i18n/text.ts';
import { section } from './blocks/message.ts';
import { codeBlock } from './blocks/mrkdwn.ts';
import { errorMessage } from './blocks/notices.ts';
import type { AuditLogCommand } from './command-parse-mutations.ts';
import type { BotContext } from './dispatch.ts';
import type { RequestMessages } from './request-messages.ts';

export async function showAudit(ctx: BotContext, msgs: RequestMessages, cmd: AuditLogCommand): Promise<void> {
  const lang = msgs.lang;
  if (!ctx.audit)
    return msgs.notice(
      errorMessage(
        tr(
          lang,
          'The audit log is not configured for this bot.',
          'このボットでは監査ログが設定されていません。',
        ),
      ),
    );
  const entries = await ctx.audit
    .list({
      limit: cmd.limit,
      ...(cmd.user ? { actor: cmd.user } : {}),
      ...(cmd.vm ? { target: cmd.vm } : {}),
    })
    .catch(() => undefined);
  if (!entries)
    return msgs.notice(
      errorMessage(tr(lang, 'The audit log could not be read.', '監査ログを読めませんでした。')),
    );
  const lines = entries.map((e) =>
    `${e.at.slice(0, 19).replace('T', ' ')} #${e.seq} ${e.actor} (${e.via}) ${e.kind}${e.target ? ` ${e.target}` : ''}: ${e.outcome}`.slice(
      0,
      300,
    ),
  );
  const head = tr(
    lang,
    `*Audit log* — last ${entries.length} entries`,
    `*監査ログ* — 直近 ${entries.length} 件`,
  );
  const body = lines.length ? codeBlock(lines.join('\n')) : tr(lang, '(no entries)', '（記録なし）');
  return msgs.notice({ text: head, blocks: [section(`${head}\n${body}`)] });
}
