/**
 * doctor: the CloudStack database door — connects as the configured user, opens the session the bot uses
 * (READ ONLY), confirms the server says so, and reads the account's grants: a user that could write is a
 * problem to fix even though the bot's own session cannot.
 */
import mysql, { type PoolConnection } from 'mysql2/promise';
import type { EnvironmentConfig } from '../../config/schema.ts';
import { parseDbUrl, toDbError } from '../../db/connect.ts';
import { prepareSession } from '../../db/readonly.ts';
import { tr } from '../../i18n/text.ts';
import type { Lang } from '../../tools/types.ts';
import type { DoctorStep } from './step.ts';

/** Privileges that change data or schema; USAGE and SELECT (and SHOW VIEW, PROCESS…) do not. */
const WRITE_PRIVS =
  /\b(ALL PRIVILEGES|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|INDEX|TRIGGER|EXECUTE|EVENT|REFERENCES|FILE|SUPER|LOCK TABLES|CREATE ROUTINE|ALTER ROUTINE)\b/i;

/** The grant lines that let this account write: on *.* or on the CloudStack database. */
export function writeGrants(grants: string[], database: string): string[] {
  return grants.filter((g) => {
    const on = /\bON\s+(\S+)\s+TO\b/i.exec(g)?.[1]?.replaceAll('`', '') ?? '';
    const privs = g.slice(0, g.search(/\bON\b/i));
    return (on === '*.*' || on.startsWith(`${database}.`)) && WRITE_PRIVS.test(privs);
  });
}

/** MySQL 8 and MariaDB 11.1+ name it transaction_read_only; older MariaDB only tx_read_only. */
async function sessionIsReadOnly(conn: PoolConnection): Promise<boolean> {
  for (const v of ['transaction_read_only', 'tx_read_only']) {
    try {
      const [rows] = await conn.query(`SELECT @@session.${v} AS ro`);
      return Number((rows as { ro: unknown }[])[0]?.ro) === 1;
    } catch {
      // unknown system variable on this server: try the other name
    }
  }
  return false;
}

export async function checkDatabase(
  env: EnvironmentConfig,
  where: string,
  password: string | undefined,
  lang: Lang,
): Promise<DoctorStep> {
  const title = 'database';
  if (!env.database)
    return { title, status: 'note', detail: tr(lang, 'not configured (optional)', '未設定 (任意)') };
  const { target, pool: opts } = parseDbUrl(env.database.url, password);
  const pool = mysql.createPool({ ...opts, connectionLimit: 1 });
  const at = `${target.user}@${target.host}:${target.port}/${target.database}`;
  try {
    const conn = await pool.getConnection();
    try {
      await prepareSession(conn, 5000);
      const readOnly = await sessionIsReadOnly(conn);
      const [g] = await conn.query('SHOW GRANTS FOR CURRENT_USER()');
      const grants = (g as Record<string, string>[]).map((row) => String(Object.values(row)[0]));
      const writes = writeGrants(grants, target.database);
      await conn.query('SELECT 1 FROM configuration LIMIT 1');
      if (!readOnly)
        return {
          title,
          status: 'problem',
          detail: tr(
            lang,
            `${at}: the session did not become read-only`,
            `${at}: セッションが読み取り専用になりません`,
          ),
          fix: tr(
            lang,
            'use a MariaDB/MySQL server that supports SET SESSION TRANSACTION READ ONLY',
            'SET SESSION TRANSACTION READ ONLY に対応した MariaDB/MySQL を使ってください',
          ),
        };
      if (writes.length)
        return {
          title,
          status: 'problem',
          detail: tr(
            lang,
            `${at}: the session is read-only, but the account may write (${writes[0]})`,
            `${at}: セッションは読み取り専用ですが、アカウントに書き込み権限があります (${writes[0]})`,
          ),
          fix: tr(
            lang,
            `use a read-only account: CREATE USER 'cloudops_ro'@'<bot host>' IDENTIFIED BY '…'; GRANT SELECT ON ${target.database}.* TO 'cloudops_ro'@'<bot host>'; then set ${where}.database.url and passwordEnv`,
            `読み取り専用アカウントを使ってください: CREATE USER 'cloudops_ro'@'<ボットのホスト>' IDENTIFIED BY '…'; GRANT SELECT ON ${target.database}.* TO 'cloudops_ro'@'<ボットのホスト>'; その後 ${where}.database.url と passwordEnv を設定`,
          ),
        };
      return {
        title,
        status: 'ok',
        detail: tr(
          lang,
          `${at}: connected, read-only session, SELECT-only grants`,
          `${at}: 接続 OK、読み取り専用セッション、SELECT のみの権限`,
        ),
      };
    } finally {
      conn.release();
    }
  } catch (e) {
    const err = toDbError(e, target, password, 5000);
    const unreachable = /refused|not found|unreachable|timed out|lost/.test(err.message);
    return {
      title,
      status: unreachable ? 'unreachable' : 'problem',
      detail: err.message,
      fix: unreachable
        ? tr(
            lang,
            `check ${where}.database.url and that the DB accepts connections from this machine`,
            `${where}.database.url と、このマシンからの接続が許可されているか確認してください`,
          )
        : tr(
            lang,
            `check the user, ${where}.database.passwordEnv and the database name`,
            `ユーザー、${where}.database.passwordEnv、データベース名を確認してください`,
          ),
    };
  } finally {
    await pool.end().catch(() => undefined);
  }
}
