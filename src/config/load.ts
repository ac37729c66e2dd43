/**
 * Loads the one config file: YAML → schema check with errors that name the file and key path → relative paths
 * made absolute → secrets resolved. Every surface (CLI, Slack, tests) goes through here.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { AUDIT_KEY_ENV } from '../approvals/audit-key.ts';
import { OpsError } from '../core/errors.ts';
import { checkConfigSafety } from './insecure-setup.ts';
import { type Config, configSchema } from './schema.ts';
import { type EnvSecrets, resolveSecrets } from './secrets.ts';
import { LineCounter, unresolvedAliases } from './yaml-errors.ts';

export type { EnvSecrets } from './secrets.ts';

export interface LoadedConfig {
  /** Absolute path of the file. */
  path: string;
  config: Config;
  /** By environment name. */
  secrets: Map<string, EnvSecrets>;
  /** Accepted but unsafe (plain-HTTP API): the service logs each at start-up. */
  warnings?: string[];
  /** CLOUDOPS_AUDIT_KEY from the environment the config was loaded with (wins over `auditKeyFile`). */
  auditKeyEnv?: string;
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
    auditKeyFile: r(cfg.auditKeyFile),
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
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length) {
    // The pretty message repeats the position and quotes the line; keep only what went wrong.
    const what = (m: string) => m.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    const lines = doc.errors.map(
      (e) => `${abs}: YAML error${e.linePos ? ` at line ${e.linePos[0].line}` : ''}: ${what(e.message)}`,
    );
    throw new OpsError('config_invalid', lines.join('\n'));
  }
  const aliases = unresolvedAliases(doc, lineCounter, formatIssuePath);
  if (aliases.length) throw new OpsError('config_invalid', aliases.map((l) => `${abs}: ${l}`).join('\n'));
  let plain: unknown;
  try {
    plain = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // Whatever else toJS refuses (alias bombs), its message may quote the document: name the kind only.
    throw new OpsError(
      'config_invalid',
      `${abs}: YAML error: ${(e as Error).name}: the document cannot be read`,
    );
  }
  const parsed = configSchema.safeParse(plain ?? {});
  if (!parsed.success) throw new OpsError('config_invalid', formatIssues(abs, parsed.error.issues));
  const config = absolutePaths(parsed.data, path.dirname(abs), env);
  const setup = checkConfigSafety(config);
  const { secrets, problems } = await resolveSecrets(config, env);
  problems.unshift(...setup.problems);
  if (problems.length) throw new OpsError('config_invalid', problems.map((p) => `${abs}: ${p}`).join('\n'));
  const auditKeyEnv = env[AUDIT_KEY_ENV];
  return {
    path: abs,
    config,
    secrets,
    warnings: setup.warnings.map((w) => `${abs}: ${w}`),
    ...(auditKeyEnv ? { auditKeyEnv } : {}),
  };
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
