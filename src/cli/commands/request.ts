/**
 * `cloudops request <tool> --arg v … --as <slackUserId>`: files an approval request and prints its id,
 * status and expiry. It never runs anything, and `--as` is not an identity anyone vouched for, so a CLI
 * actor can request (if the policy lists that user) but never approve.
 */
import { OpsError } from '../../core/errors.ts';
import { tr } from '../../i18n/text.ts';
import { langOf, splitToolArgs } from '../args.ts';
import type { CliCommand } from '../command.ts';
import type { CliIo } from '../io.ts';
import { openService } from '../open-service.ts';
import { argsToInput } from '../tool-args.ts';

const SLACK_USER = /^[UW][A-Z0-9]{2,31}$/;

export async function runRequest(argv: string[], io: CliIo): Promise<number> {
  const { own, pairs, rest } = splitToolArgs(argv);
  const lang = langOf(own.lang, io);
  const as = pairs.as;
  delete pairs.as;
  const name = rest[0];
  if (!name || !as || !SLACK_USER.test(as)) {
    io.err(
      tr(
        lang,
        'usage: cloudops request <tool> [--arg value…] --as <Slack user id, e.g. U012ABC>',
        '使い方: cloudops request <ツール> [--引数 値…] --as <Slack ユーザー ID (例 U012ABC)>',
      ),
    );
    return 2;
  }
  const opened = await openService({ config: own.config, lab: own.lab }, io);
  try {
    const { service } = opened;
    if (!service.approvals)
      throw new OpsError('config_invalid', tr(lang, 'approvals are not available', '承認機能が使えません'));
    const tool = service.tools().find((t) => t.name === name);
    if (!tool) {
      io.err(
        tr(lang, `cloudops request: unknown tool "${name}"`, `cloudops request: 不明なツール "${name}"`),
      );
      return 2;
    }
    const env = own.env ?? service.environments()[0]?.name ?? '';
    const r = await service.approvals.create({
      env,
      steps: [{ tool: name, input: argsToInput(tool, pairs) }],
      requester: { user: as, via: 'cli' },
      origin: { env },
    });
    if (!r.ok) {
      io.err(
        tr(
          lang,
          `request refused (${r.code}): ${r.message}`,
          `依頼は受け付けられませんでした (${r.code}): ${r.message}`,
        ),
      );
      return 1;
    }
    const q = r.request;
    if ('json' in own) io.out(JSON.stringify(q, null, 2));
    else
      io.out(
        tr(
          lang,
          `${q.id}  ${q.status}  ${q.risk}, needs ${q.required} approver(s) from ${q.approverPool.join(', ')}  expires ${q.expiresAt}\n${q.title}`,
          `${q.id}  ${q.status}  ${q.risk}、承認者 ${q.required} 名が必要 (${q.approverPool.join(', ')})  期限 ${q.expiresAt}\n${q.title}`,
        ),
      );
    return 0;
  } finally {
    await opened.close();
  }
}

export const requestCommand: CliCommand = {
  name: 'request',
  summary: [
    'file an approval request (never runs it; approve in Slack)',
    '承認依頼を作成 (実行はしない。承認は Slack で)',
  ],
  usage: '<tool> [--arg value...] --as <Slack user id> [--env NAME] [--json]',
  flags: ['--as', '--env', '--json', '--lang', '--config', '--lab', '--help'],
  completes: 'tools',
  run: runRequest,
};
