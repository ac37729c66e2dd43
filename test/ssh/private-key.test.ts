import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../src/lab/ssh-host-server.ts';
import { resolvePrivateKey } from '../../src/ssh/private-key.ts';

const kp = generateKeyPair();

function failure(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    return { code: (e as { code: string }).code, message: (e as Error).message };
  }
  throw new Error('expected a failure');
}

describe('resolvePrivateKey', () => {
  it('prefers the explicit key, then the env var, then the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-'));
    const file = join(dir, 'id_ed25519');
    writeFileSync(file, kp.privatePem, { mode: 0o600 });
    const defaults = { privateKeyPath: file, privateKeyEnv: 'BOT_KEY' };
    expect(resolvePrivateKey(defaults, kp.privatePem, {}).source).toBe('the configured key');
    expect(resolvePrivateKey(defaults, undefined, { BOT_KEY: kp.privatePem }).source).toBe(
      'environment variable BOT_KEY',
    );
    expect(resolvePrivateKey(defaults, undefined, {}).source).toBe(`file ${file}`);
    expect(resolvePrivateKey(defaults, undefined, {}).key.toString()).toBe(kp.privatePem);
  });

  it('explains missing, unreadable, public-only and encrypted keys without echoing key material', () => {
    expect(failure(() => resolvePrivateKey({}, undefined, {}))).toEqual({
      code: 'ssh_auth_failed',
      message: 'no SSH private key configured: set ssh.privateKeyPath or ssh.privateKeyEnv',
    });
    expect(
      failure(() => resolvePrivateKey({ privateKeyPath: '/nonexistent/key' }, undefined, {})).message,
    ).toContain('ENOENT');
    const pub = failure(() => resolvePrivateKey({}, kp.publicSsh, {}));
    expect(pub.message).toContain('public key');
    const encrypted = ssh2.utils.generateKeyPairSync('ed25519', {
      passphrase: 'secret',
      cipher: 'aes256-cbc',
      rounds: 16,
    }).private;
    const enc = failure(() => resolvePrivateKey({}, encrypted, {}));
    expect(enc.code).toBe('ssh_auth_failed');
    expect(enc.message).toContain('encrypted keys are not supported');
    const garbage = failure(() => resolvePrivateKey({}, 'not a key SECRET-MATERIAL', {}));
    expect(garbage.message).not.toContain('SECRET-MATERIAL');
  });
});
