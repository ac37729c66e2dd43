/** An unsafe setup is refused at start-up (or per host), as OpenSSH would, and config errors never echo a value. */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { createOpsService } from '../../src/core/create-ops-service.ts';
import { generateKeyPair } from '../../src/lab/ssh-host-server.ts';
import { COMMANDS } from '../../src/ssh/commands.ts';
import { createSshExecutor } from '../../src/ssh/executor.ts';
import { resolvePrivateKey } from '../../src/ssh/private-key.ts';
import { clientKey, inventoryFor, labHost, rejection, sshDefaults } from '../ssh/ssh-lab.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cloudops-unsafe-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const env = { CLOUDSTACK_API_KEY: 'api-canary-1', CLOUDSTACK_SECRET_KEY: 'secret-canary-2' };
async function config(name: string, body: string): Promise<string> {
  const p = path.join(dir, name);
  await writeFile(p, body);
  return p;
}
const base = (extra: string, url = 'https://cloud.example.com/client/api', cs = '') =>
  `environments:\n  - name: prod\n    cloudstack: { url: "${url}"${cs} }\n    ssh:\n${extra}`;

describe('config errors name the file and key path, never a value', () => {
  it('an unquoted secret read as a YAML alias', async () => {
    const file = await config(
      'alias.yaml',
      'environments:\n  - name: prod\n    cloudstack:\n      url: https://c.example/client/api\n      secretKey: *Sup3rSecretValue\n',
    );
    const e = await loadConfig(file, {}).then(
      () => undefined,
      (x: Error) => x,
    );
    expect(e?.message).toContain(`${file}: YAML error at line 5: environments[0].cloudstack.secretKey:`);
    expect(e?.message).not.toContain('Sup3rSecretValue');
  });
});

describe('plain-HTTP CloudStack API', () => {
  it('is refused unless allowPlainHttp is set, and then it is a warning', async () => {
    const refused = await config('http.yaml', base('      user: x\n', 'http://cloud.example.com/client/api'));
    await expect(loadConfig(refused, env)).rejects.toThrow(
      /environments\[0\]\.cloudstack\.url: plain http:\/\/ .*allowPlainHttp: true/,
    );
    const allowed = await config(
      'http-ok.yaml',
      base('      user: x\n', 'http://cloud.example.com/client/api', ', allowPlainHttp: true'),
    );
    const loaded = await loadConfig(allowed, env);
    expect(loaded.warnings?.join('\n')).toMatch(/plain http:\/\/ sends the API key .* in clear/);
  });
});

describe('start-up refuses what OpenSSH would', () => {
  it.each([
    ['missing', 'ENOENT'],
    ['a directory', 'EISDIR'],
  ])('a known_hosts file that is %s', async (_what, code) => {
    const kh = code === 'EISDIR' ? path.join(dir, 'khdir') : path.join(dir, 'no-such-known-hosts');
    if (code === 'EISDIR') await mkdir(kh, { recursive: true });
    const file = await config(`kh-${code}.yaml`, base(`      knownHostsFile: ${kh}\n`));
    const loaded = await loadConfig(file, env);
    await expect(createOpsService({ loaded, logger: pino({ level: 'silent' }) })).rejects.toThrow(
      `${file}: environments[0].ssh.knownHostsFile: cannot read ${kh}: ${code}`,
    );
  });

  it('a private key file others can read', async () => {
    const key = path.join(dir, 'bot_key');
    await writeFile(key, generateKeyPair().privatePem, { mode: 0o644 });
    await chmod(key, 0o644);
    const file = await config('key.yaml', base(`      privateKeyPath: ${key}\n`));
    const loaded = await loadConfig(file, env);
    await expect(createOpsService({ loaded, logger: pino({ level: 'silent' }) })).rejects.toThrow(
      /privateKeyPath: private key .* \(mode 0644\); run chmod 600/,
    );
    expect(() => resolvePrivateKey({ privateKeyPath: key }, undefined, {})).toThrow(/mode 0644/);
    await chmod(key, 0o600);
    expect(resolvePrivateKey({ privateKeyPath: key }, undefined, {}).source).toBe(`file ${key}`);
  });
});

describe('the SSH executor with an unreadable known_hosts file', () => {
  it.each(['ENOENT', 'EISDIR'])(
    'refuses a host even when it has a pin (%s), before dialling',
    async (code) => {
      const h = await labHost('kvm-pinned');
      const kh = code === 'EISDIR' ? dir : path.join(dir, 'absent_known_hosts');
      const ex = createSshExecutor({
        defaults: sshDefaults(),
        privateKey: clientKey.privatePem,
        globalConcurrency: 2,
        knownHostsFile: kh,
      });
      try {
        const e = await rejection(ex.run(inventoryFor(h), COMMANDS.meminfo, {}));
        expect(e.code).toBe('config_invalid');
        expect(e.userMessage).toContain(`cannot read known_hosts file ${kh}: ${code}`);
        expect(h.execCount()).toBe(0);
      } finally {
        await ex.close();
        await h.close();
      }
    },
  );
});
