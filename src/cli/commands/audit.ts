/** `cloudops audit [--verify] [--json] [-n N] [--actor U] [--target X]`: read or verify the audit chain. */
import { parseArgs } from 'node:util';
import type { AuditEntry } from '../../approvals/types.ts';
import { OpsError } from '../../core/errors.ts';
import { tr } from '../../i18n/text.ts';
import { langOf } from '../args.ts';
import type { CliCommand } from '../command.ts';
import type { CliIo } from '../io.ts';
import { openService } from '../open-service.ts';

const line = (e: AuditEntry) =>
  [e.at, String(e.seq).padStart(6), e.actor, e.via, e.kind, e.env ?? '-', e.target ?? '-', e.outcome].join(
    '  ',
  );

export async function runAudit(argv: string[], io: CliIo): Promise<number> {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      lab: { type: 'string' },
      lang: { type: 'string' },
      verify: { type: 'boolean' },
      json: { type: 'boolean' },
      limit: { type: 'string', short: 'n' },
      actor: { type: 'string' },
      target: { type: 'string' },
      kind: { type: 'string' },
    },
    strict: true,
  });
  const lang = langOf(v.lang, io);
  const limit = v.limit === undefined ? 50 : Number(v.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
    throw new OpsError(
      'invalid_argument',
      tr(lang, '-n takes a number from 1 to 10000', '-n には 1〜10000 の数を指定してください'),
    );
  const opened = await openService({ config: v.config, lab: v.lab }, io);
  try {
    const audit = opened.service.audit;
    if (!audit)
      throw new OpsError('config_invalid', tr(lang, 'this service has no audit log', '監査ログがありません'));
    if (v.verify) {
      const r = await audit.verify();
      if (v.json) io.out(JSON.stringify(r));
      else if (r.ok) {
        const signed = r.signed ? tr(lang, ', signed', '、署名確認済み') : '';
        io.out(
          tr(
            lang,
            `audit chain ok: ${r.entries} entries${signed}`,
            `監査チェーン正常: ${r.entries} 件${signed}`,
          ),
        );
        if (r.note) io.err(tr(lang, `note: ${r.note}`, `注意: ${r.note}`));
      } else
        io.err(
          tr(
            lang,
            `audit chain BROKEN at entry ${r.firstBad}: ${r.why} (${r.entries} entries verified before it)`,
            `監査チェーンが壊れています (エントリ ${r.firstBad}): ${r.why}（それ以前の ${r.entries} 件は正常）`,
          ),
        );
      return r.ok ? 0 : 1;
    }
    const entries = await audit.list({ limit, actor: v.actor, target: v.target, kind: v.kind });
    if (v.json) for (const e of entries) io.out(JSON.stringify(e));
    else if (entries.length === 0) io.out(tr(lang, 'no audit entries', '監査エントリはありません'));
    else for (const e of [...entries].reverse()) io.out(line(e));
    return 0;
  } finally {
    await opened.close();
  }
}

export const auditCommand: CliCommand = {
  name: 'audit',
  summary: ['show or verify the hash-chained audit log', 'ハッシュチェーン監査ログの表示・検証'],
  usage: '[--verify] [--json] [-n N] [--actor U] [--target X] [--kind K]',
  flags: ['--verify', '--json', '--actor', '--target', '--kind', '--config', '--lab', '--help'],
  run: runAudit,
};
