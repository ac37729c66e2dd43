import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudMonkeyProfile } from '../../src/config/cloudmonkey.ts';
import { loadConfig, redactConfig } from '../../src/config/load.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cloudops-config-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The error a load fails with (the test fails if it loads). */
async function failure(file: string, env: Record<string, string>): Promise<Error & { code: string }> {
  const r = await loadConfig(file, env).then(
    () => undefined,
    (e: unknown) => e as Error & { code: string },
  );
  if (!r) throw new Error(`${file} loaded but should not have`);
  return r;
}

async function write(name: string, text: string): Promise<string> {
  const p = path.join(dir, name);
  await writeFile(p, text);
  return p;
}

const good = `
defaultEnvironment: prod
toolsDir: tools
environments:
  - name: prod
    cloudstack:
      url: https://cloud.example.com/client/api
      apiKeyEnv: PROD_CS_KEY
      secretKeyEnv: PROD_CS_SECRET
    database:
      url: mysql://cloud_ro:inline-pass@db1:3306/cloud
      passwordEnv: PROD_DB_PASSWORD
    ssh:
      user: cloudops
      privateKeyPath: keys/bot_ed25519
      knownHostsFile: /etc/cloudops/known_hosts
    hosts:
      - { name: kvm01, role: kvm, cluster: cl-a }
      - { name: nfs01, role: storage }
      - { name: nfs02, role: storage }
    storagePairs:
      - { name: nfs-a, nodes: [nfs01, nfs02], drbdResources: [r0] }
`;
const goodEnv = { PROD_CS_KEY: 'key-123', PROD_CS_SECRET: 'secret-456', PROD_DB_PASSWORD: 'db-pass' };

describe('loadConfig', () => {
  it('loads a good file: defaults applied, secrets from the environment, relative paths made absolute', async () => {
    const file = await write('good.yaml', good);
    const loaded = await loadConfig(file, goodEnv);
    expect(loaded.path).toBe(file);
    const prod = loaded.config.environments[0]!;
    expect(prod.ssh.port).toBe(22);
    expect(prod.ssh.privateKeyPath).toBe(path.join(dir, 'keys/bot_ed25519'));
    expect(prod.ssh.knownHostsFile).toBe('/etc/cloudops/known_hosts');
    expect(loaded.config.toolsDir).toBe(path.join(dir, 'tools'));
    expect(prod.cloudstack.timeoutMs).toBe(15000);
    expect(loaded.secrets.get('prod')).toEqual({
      apiKey: 'key-123',
      secretKey: 'secret-456',
      dbPassword: 'db-pass',
      sshPrivateKey: undefined,
    });
  });

  it('uses CLOUDOPS_CONFIG when no path is given', async () => {
    const file = await write('via-env.yaml', good);
    const loaded = await loadConfig(undefined, { ...goodEnv, CLOUDOPS_CONFIG: file });
    expect(loaded.path).toBe(file);
    await expect(loadConfig(undefined, {})).rejects.toMatchObject({
      code: 'config_invalid',
      message: expect.stringContaining('CLOUDOPS_CONFIG'),
    });
  });

  it('names the file and each key path in validation errors, one line per issue', async () => {
    const file = await write(
      'bad.yaml',
      good
        .replace('user: cloudops', 'user: cloudops\n      port: "22"')
        .replace('role: storage }', 'role: strage }')
        .replace('defaultEnvironment: prod', 'defaultEnvironment: prod\nbogus: 1'),
    );
    const err = await failure(file, goodEnv);
    expect(err.code).toBe('config_invalid');
    const lines = err.message.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.startsWith(`${file}: `))).toBe(true);
    expect(err.message).toMatch(/environments\[0\]\.ssh\.port: .*expected number/);
    expect(err.message).toMatch(/environments\[0\]\.hosts\[1\]\.role: .*"kvm"/);
    expect(err.message).toMatch(/\(top level\): .*bogus/);
  });

  it('reports a YAML syntax error with its line and a missing file with its path', async () => {
    const file = await write('broken.yaml', 'environments:\n  - name: [unclosed\n');
    await expect(loadConfig(file, {})).rejects.toMatchObject({
      code: 'config_invalid',
      message: expect.stringMatching(/broken\.yaml: YAML error at line \d/),
    });
    await expect(loadConfig(path.join(dir, 'nope.yaml'), {})).rejects.toMatchObject({
      message: expect.stringContaining('nope.yaml: ENOENT'),
    });
  });

  it('a missing secret names the environment variable to set, never a value', async () => {
    const file = await write('missing.yaml', good);
    const err = await failure(file, { PROD_CS_KEY: 'key-123', PROD_DB_PASSWORD: 'db-pass' });
    expect(err.code).toBe('config_invalid');
    expect(err.message).toBe(
      `${file}: environments[0].cloudstack: no secret key for environment "prod": set the environment variable PROD_CS_SECRET`,
    );
    expect(err.message).not.toContain('key-123');
    const noNames = await write(
      'no-names.yaml',
      'environments:\n  - name: lab\n    cloudstack: { url: "http://127.0.0.1:1/client/api", allowPlainHttp: true }\n',
    );
    await expect(loadConfig(noNames, {})).rejects.toMatchObject({
      message: expect.stringContaining('set the environment variable CLOUDSTACK_API_KEY'),
    });
    expect(
      (await loadConfig(noNames, { CLOUDSTACK_API_KEY: 'a', CLOUDSTACK_SECRET_KEY: 'b' })).secrets.get('lab'),
    ).toMatchObject({ apiKey: 'a', secretKey: 'b' });
  });

  it('reads keys from a cloudmonkey profile (relative file, [core] or top-level profile)', async () => {
    await write(
      'cmk.ini',
      [
        'prompt = 🐵',
        'profile = other',
        '',
        '[other]',
        'url = http://other/client/api',
        'apikey = other-key',
        'secretkey = other-secret',
        '',
        '[prod]',
        'url = https://cloud.example.com/client/api',
        'apikey = cmk-key',
        'secretkey = "cmk-secret"',
      ].join('\n'),
    );
    const cfg = (profile: string) =>
      `environments:\n  - name: prod\n    cloudstack:\n      url: https://cloud.example.com/client/api\n      cloudmonkeyConfig: cmk.ini\n${profile}`;
    const withProfile = await loadConfig(
      await write('cmk-prof.yaml', cfg('      cloudmonkeyProfile: prod\n')),
      {},
    );
    expect(withProfile.secrets.get('prod')).toMatchObject({ apiKey: 'cmk-key', secretKey: 'cmk-secret' });
    expect(withProfile.config.environments[0]!.cloudstack.cloudmonkeyConfig).toBe(path.join(dir, 'cmk.ini'));
    const fromFile = await loadConfig(await write('cmk-default.yaml', cfg('')), {});
    expect(fromFile.secrets.get('prod')).toMatchObject({ apiKey: 'other-key', secretKey: 'other-secret' });
    await expect(
      loadConfig(await write('cmk-missing.yaml', cfg('      cloudmonkeyProfile: nope\n')), {}),
    ).rejects.toMatchObject({
      code: 'config_invalid',
      message: expect.stringContaining('no [nope] profile section'),
    });
  });

  it('redacts inline keys and database passwords for printing', async () => {
    const file = await write(
      'inline.yaml',
      good
        .replace('apiKeyEnv: PROD_CS_KEY', 'apiKey: inline-key')
        .replace('secretKeyEnv: PROD_CS_SECRET', 'secretKey: inline-secret'),
    );
    const { config } = await loadConfig(file, goodEnv);
    const text = JSON.stringify(redactConfig(config));
    expect(text).not.toMatch(/inline-key|inline-secret|inline-pass/);
    expect(redactConfig(config).environments[0]!.database!.url).toBe(
      'mysql://cloud_ro:<redacted>@db1:3306/cloud',
    );
    expect(config.environments[0]!.cloudstack.secretKey).toBe('inline-secret');
  });
});

describe('cloudMonkeyProfile', () => {
  it('takes the profile from [core] in older cmk files and refuses a password-only profile', () => {
    const text =
      '[core]\nprofile = local\n\n[local]\nurl = http://localhost:8080/client/api\nusername = admin\npassword = password\napikey =\nsecretkey =\n';
    expect(() => cloudMonkeyProfile(text, 'cmk')).toThrow(/profile \[local\] has no apikey\/secretkey/);
    expect(
      cloudMonkeyProfile(
        text.replace('apikey =', 'apikey = k').replace('secretkey =', 'secretkey = s'),
        'cmk',
      ),
    ).toEqual({
      name: 'local',
      url: 'http://localhost:8080/client/api',
      apiKey: 'k',
      secretKey: 's',
    });
  });
});
