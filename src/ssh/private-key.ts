/** Finds the bot's SSH private key (explicit, env var or file) and checks it parses, without ever echoing it. */
import { readFileSync, statSync } from 'node:fs';
import ssh2 from 'ssh2';
import type { SshDefaults } from '../config/schema.ts';
import { OpsError } from '../core/errors.ts';

const { utils } = ssh2;

export function resolvePrivateKey(
  defaults: Pick<SshDefaults, 'privateKeyPath' | 'privateKeyEnv'>,
  explicit?: string | Buffer,
  env: NodeJS.ProcessEnv = process.env,
): { key: Buffer; source: string } {
  let key: Buffer | undefined;
  let source = 'the configured key';
  if (explicit !== undefined && explicit.length > 0) {
    key = Buffer.from(explicit);
  } else if (defaults.privateKeyEnv && env[defaults.privateKeyEnv]) {
    source = `environment variable ${defaults.privateKeyEnv}`;
    key = Buffer.from(env[defaults.privateKeyEnv] as string);
  } else if (defaults.privateKeyPath) {
    source = `file ${defaults.privateKeyPath}`;
    try {
      key = readFileSync(defaults.privateKeyPath);
      // OpenSSH refuses a key file that group or others can read; so does the bot.
      const mode = statSync(defaults.privateKeyPath).mode;
      if ((mode & 0o077) !== 0)
        throw new OpsError(
          'ssh_auth_failed',
          `the SSH private key ${source} is accessible by group or others (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); run chmod 600 on it`,
        );
    } catch (e) {
      if (e instanceof OpsError) throw e;
      throw new OpsError(
        'ssh_auth_failed',
        `cannot read the SSH private key ${source}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
  }
  if (!key) {
    throw new OpsError(
      'ssh_auth_failed',
      'no SSH private key configured: set ssh.privateKeyPath or ssh.privateKeyEnv',
    );
  }
  // The parser's message can quote key material in odd cases, so it is not passed on.
  const parsed = utils.parseKey(key);
  if (parsed instanceof Error || Array.isArray(parsed)) {
    throw new OpsError(
      'ssh_auth_failed',
      `the SSH private key from ${source} cannot be parsed (encrypted keys are not supported)`,
    );
  }
  if (!parsed.isPrivateKey())
    throw new OpsError('ssh_auth_failed', `the SSH key from ${source} is a public key, not a private key`);
  return { key, source };
}
