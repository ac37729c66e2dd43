/**
 * Resolves each environment's secrets from where the config says they live (inline, environment variables or a
 * cloudmonkey profile), so the rest of the bot receives plain values and the config file can stay secret-free.
 */

import { readCloudMonkeyProfile } from './cloudmonkey.ts';
import type { Config, EnvironmentConfig } from './schema.ts';

export interface EnvSecrets {
  apiKey: string;
  secretKey: string;
  dbPassword?: string;
  sshPrivateKey?: string;
}

/** Used when cloudstack.apiKeyEnv / secretKeyEnv are not set. */
export const DEFAULT_API_KEY_ENV = 'CLOUDSTACK_API_KEY';
export const DEFAULT_SECRET_KEY_ENV = 'CLOUDSTACK_SECRET_KEY';

type Env = Record<string, string | undefined>;

async function apiKeys(e: EnvironmentConfig, where: string, env: Env, problems: string[]) {
  const cs = e.cloudstack;
  const cmk = cs.cloudmonkeyConfig
    ? await readCloudMonkeyProfile(cs.cloudmonkeyConfig, cs.cloudmonkeyProfile)
    : undefined;
  const keyEnv = cs.apiKeyEnv ?? DEFAULT_API_KEY_ENV;
  const secretEnv = cs.secretKeyEnv ?? DEFAULT_SECRET_KEY_ENV;
  const apiKey = cs.apiKey || env[keyEnv] || cmk?.apiKey;
  const secretKey = cs.secretKey || env[secretEnv] || cmk?.secretKey;
  if (!apiKey)
    problems.push(
      `${where}.cloudstack: no API key for environment "${e.name}": set the environment variable ${keyEnv}`,
    );
  if (!secretKey)
    problems.push(
      `${where}.cloudstack: no secret key for environment "${e.name}": set the environment variable ${secretEnv}`,
    );
  return { apiKey: apiKey ?? '', secretKey: secretKey ?? '' };
}

function fromEnv(
  name: string | undefined,
  env: Env,
  missing: string,
  problems: string[],
  optional = false,
): string | undefined {
  if (!name) return undefined;
  const v = env[name];
  if (!v && !optional) problems.push(`${missing}: set the environment variable ${name}`);
  return v || undefined;
}

/** Every missing secret of every environment, one line each, or the secrets by environment name. */
export async function resolveSecrets(
  config: Config,
  env: Env,
): Promise<{ secrets: Map<string, EnvSecrets>; problems: string[] }> {
  const secrets = new Map<string, EnvSecrets>();
  const problems: string[] = [];
  for (const [i, e] of config.environments.entries()) {
    const where = `environments[${i}]`;
    const keys = await apiKeys(e, where, env, problems);
    const dbPassword = fromEnv(
      e.database?.passwordEnv,
      env,
      `${where}.database: no password for environment "${e.name}"`,
      problems,
    );
    // A key file configured beside the variable is a fallback the SSH layer reads itself.
    const sshPrivateKey = fromEnv(
      e.ssh.privateKeyEnv,
      env,
      `${where}.ssh: no private key for environment "${e.name}"`,
      problems,
      !!e.ssh.privateKeyPath,
    );
    secrets.set(e.name, { ...keys, dbPassword, sshPrivateKey });
  }
  return { secrets, problems };
}
