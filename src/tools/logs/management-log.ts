/** management_log: the tail of CloudStack's management-server.log on the management server(s), optionally filtered. */
import { z } from 'zod';
import { tr } from '../../i18n/text.ts';
import { COMMANDS } from '../../ssh/commands.ts';
import { fanOut, hostsByRole, runRemote } from '../remote.ts';
import type { ToolDefinition } from '../types.ts';

export interface ManagementLogData {
  servers: { host: string; lines: string[]; errors: number; warnings: number; error?: string }[];
}

/** Lines per server shown in Slack / the CLI table; the file and --json keep up to 200 / all. */
const TABLE_LINES = 40;

const input = z.object({
  lines: z.number().int().min(1).max(5000).default(300).describe('how many lines to read from the end'),
  // Filtering happens here, not on the host: the remote command stays a fixed `tail`.
  match: z
    .string()
    .regex(/^[A-Za-z0-9 ._:,/-]{1,64}$/, 'letters, digits, spaces and . _ : , / -')
    .optional()
    .describe('keep only lines containing this text (case-insensitive), e.g. a VM instance name or "ERROR"'),
});

export const managementLog: ToolDefinition<typeof input, ManagementLogData> = {
  name: 'management_log',
  title: { en: 'Management server log', ja: '管理サーバーのログ' },
  description:
    "Reads the last lines of CloudStack's management-server.log on every management server, optionally keeping only lines that contain a text (a VM instance name, a job id, ERROR); counts ERROR and WARN lines.",
  input,
  risk: 'read',
  async run({ lines, match }, ctx) {
    const outcomes = await fanOut(hostsByRole(ctx, 'management'), (h) =>
      runRemote(ctx, h, COMMANDS['cloudstack.log'], { lines }),
    );
    const needle = match?.toLowerCase();
    const servers = outcomes.map((o) => {
      if (!o.ok) return { host: o.host.name, lines: [], errors: 0, warnings: 0, error: o.error };
      const kept = o.value.stdout
        .split('\n')
        .filter((l) => l && (!needle || l.toLowerCase().includes(needle)));
      return {
        host: o.host.name,
        lines: kept,
        errors: kept.filter((l) => / ERROR /.test(l)).length,
        warnings: kept.filter((l) => / WARN /.test(l)).length,
      };
    });
    const summary = servers
      .map((s) =>
        s.error
          ? `${s.host}: ${s.error}`
          : tr(
              ctx.lang,
              `${s.host}: ${s.lines.length} lines${match ? ` containing "${match}"` : ''}, ${s.errors} ERROR, ${s.warnings} WARN`,
              `${s.host}: ${s.lines.length} 行${match ? `（"${match}" を含む）` : ''}、ERROR ${s.errors} 件、WARN ${s.warnings} 件`,
            ),
      )
      .join('\n');
    return {
      status: servers.some((s) => s.lines.length) ? 'ok' : 'no_data',
      ...(servers.some((s) => s.errors) ? { severity: 'warning' as const } : {}),
      data: { servers },
      summary:
        summary ||
        tr(ctx.lang, 'No management server in the inventory.', 'インベントリに管理サーバーがありません。'),
      warnings: servers.filter((s) => s.error).map((s) => `${s.host}: ${s.error}`),
    };
  },
  // The matching lines themselves, newest last, so every surface shows them (not only the counts).
  table(data, lang) {
    const rows = data.servers.flatMap((s) =>
      s.lines.slice(-TABLE_LINES).map((l) => [s.host, l.length > 300 ? `${l.slice(0, 299)}…` : l]),
    );
    if (!rows.length) return undefined;
    return { header: tr(lang, 'server|log line', 'サーバー|ログ行').split('|'), rows };
  },
  renderText: (env) =>
    [
      env.summary,
      ...(env.data?.servers ?? []).flatMap((s) =>
        s.lines.length ? ['', `[${s.host}]`, ...s.lines.slice(-200)] : [],
      ),
    ].join('\n'),
};
