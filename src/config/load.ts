/**
 * Loads the one config file: YAML → schema check with errors that name the file and key path → relative paths
 * made absolute → secrets resolved. Every surface (CLI, Slack, tests) goes through here.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { OpsError } from '../core/errors.ts';
import { type Config, configSchema } from './schema.ts';
import { type EnvSecrets, resolveSecrets } from './secrets.ts';

export type { EnvSecrets } from './secrets.ts';

export interface LoadedConfig {
  /** Absolute path of the file. */
  path: string;
  config: Config;
  /** By environment name. */
  secrets: Map<string, EnvSecrets>;
}

/** The CLI's default config location. */
export const CONFIG_ENV_VAR = 'CLOUDOPS_CONFIG';

/** `environments[0].ssh.port`, as an operator would look for it in the file. */
export function formatIssuePath(p: readonly PropertyKey[]): string {
  let out = '';
  for (const k of p) out += typeof k === 'number' ? `[${k}]` : `${out ? '.' : ''}${String(k)}`;
  return out || '(top level)';
}

export const formatIssues = (file: string, issues: readonly z.core.$ZodIssue[]): string =>
  issues.map((i) => `${file}: ${formatIssuePath(i.path)}: ${i.message}`).join('\n');

function resolvePath(
  p: string | undefined,
  dir: string,
  env: Record<string, string | undefined>,
): string | undefined {
  if (p === undefined) return undefined;
  if (p === '~' || p.startsWith('~/')) return path.join(env.HOME ?? homedir(), p.slice(1));
  return path.resolve(dir, p);
}

function absolutePaths(cfg: Config, dir: string, env: Record<string, string | undefined>): Config {
  const r = (p: string | undefined) => resolvePath(p, dir, env);
  return {
    ...cfg,
    toolsDir: r(cfg.toolsDir),
    store:
      cfg.store?.engine === 'sqlite'
        ? { ...cfg.store, path: cfg.store.path === ':memory:' ? ':memory:' : r(cfg.store.path)! }
        : cfg.store,
    environments: cfg.environments.map((e) => ({
      ...e,
      cloudstack: {
        ...e.cloudstack,
        // A profile without a file means cmk's default location.
        cloudmonkeyConfig: r(
          e.cloudstack.cloudmonkeyConfig ?? (e.cloudstack.cloudmonkeyProfile ? '~/.cmk/config' : undefined),
        ),
      },
      ssh: { ...e.ssh, privateKeyPath: r(e.ssh.privateKeyPath), knownHostsFile: r(e.ssh.knownHostsFile) },
    })),
  };
}

export async function loadConfig(
  file: string | undefined = undefined,
  env: Record<string, string | undefined> = process.env,
): Promise<LoadedConfig> {
  const given = file ?? env[CONFIG_ENV_VAR];
  if (!given) throw new OpsError('config_invalid', `no config file: pass one or set ${CONFIG_ENV_VAR}`);
  const abs = path.resolve(given);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (e) {
    throw new OpsError(
      'config_invalid',
      `cannot read config file ${abs}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  const doc = parseDocument(text);
  if (doc.errors.length) {
    // The pretty message repeats the position and quotes the line; keep only what went wrong.
    const what = (m: string) => m.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    const lines = doc.errors.map(
      (e) => `${abs}: YAML error${e.linePos ? ` at line ${e.linePos[0].line}` : ''}: ${what(e.message)}`,
    );
    throw new OpsError('config_invalid', lines.join('\n'));
  }
  const parsed = configSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) throw new OpsError('config_invalid', formatIssues(abs, parsed.error.issues));
  const config = absolutePaths(parsed.data, path.dirname(abs), env);
  const { secrets, problems } = await resolveSecrets(config, env);
  if (problems.length) throw new OpsError('config_invalid', problems.map((p) => `${abs}: ${p}`).join('\n'));
  return { path: abs, config, secrets };
}

const REDACTED = '<redacted>';

/** A copy fit for printing: inline keys and any password in the database URL masked. */
export function redactConfig(cfg: Config): Config {
  return {
    ...cfg,
    environments: cfg.environments.map((e) => ({
      ...e,
      cloudstack: {
        ...e.cloudstack,
        apiKey: e.cloudstack.apiKey === undefined ? undefined : REDACTED,
        secretKey: e.cloudstack.secretKey === undefined ? undefined : REDACTED,
      },
      database: e.database
        ? {
            ...e.database,
            url: e.database.url.replace(/^([a-z0-9+]+:\/\/[^:/@]*:)[^@]*@/i, `$1${REDACTED}@`),
          }
        : undefined,
    })),
  };
}
