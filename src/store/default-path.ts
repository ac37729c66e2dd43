/** Where the bot keeps its SQLite state when the config names no store: $XDG_STATE_HOME/cloudops/state.db. */
import { homedir } from 'node:os';
import path from 'node:path';
import type { StoreConfig } from './open-store.ts';

export function storeConfigOrDefault(
  cfg: StoreConfig | undefined,
  env: Record<string, string | undefined> = process.env,
): StoreConfig {
  if (cfg) return cfg;
  const base = env.XDG_STATE_HOME || path.join(env.HOME ?? homedir(), '.local', 'state');
  return { engine: 'sqlite', path: path.join(base, 'cloudops', 'state.db') };
}
