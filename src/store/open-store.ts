/** Opens the bot's state store named by the config's `store:` block (SQLite file by default). */
import { OpsError } from '../core/errors.ts';
import type { BotStore } from './audit-rows.ts';
import { openMysqlStore } from './mysql-store.ts';
import { openSqliteStore } from './sqlite-store.ts';

export type StoreConfig =
  | { engine: 'sqlite'; path: string }
  | { engine: 'mysql'; url: string; passwordEnv?: string };

export async function openStore(
  cfg: StoreConfig,
  env: Record<string, string | undefined> = process.env,
): Promise<BotStore> {
  try {
    if (cfg.engine === 'sqlite') return openSqliteStore(cfg.path);
    const password = cfg.passwordEnv ? env[cfg.passwordEnv] : undefined;
    if (cfg.passwordEnv && password === undefined)
      throw new OpsError('config_invalid', `store: environment variable ${cfg.passwordEnv} is not set`);
    return await openMysqlStore({ url: cfg.url, password });
  } catch (e) {
    if (e instanceof OpsError) throw e;
    // The URL may hold a user name; the message of a driver error never holds the password we passed.
    throw new OpsError(
      'database',
      `cannot open the bot's state store (${cfg.engine}): ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
}
