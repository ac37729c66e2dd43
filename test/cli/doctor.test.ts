/**
 * `cloudops doctor` as a child process against a running lab: all well (exit 0); a reinstalled host (wrong
 * key), a rotated API secret and a dead host at once (exit 1, each with its fix); only a dead host (exit 3);
 * the Slack token through a fake Slack Web API; the DB door against real MariaDB (root can write, a
 * SELECT-only user is fine).
 */

import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import mysql from 'mysql2/promise';
import { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { DoctorStep } from '../../src/cli/doctor/step.ts';
import { type Lab, startLab } from '../../src/lab/start-lab.ts';
import { fingerprintOf } from '../../src/ssh/host-keys.ts';
import { cleanEnv, runCli } from '../helpers/cli-process.ts';
import { describeWithMariaDb, MYSQL_URL } from '../helpers/mariadb.ts';
import { FakeSlack } from '../helpers/slack-fake-api.ts';

async function doctor(config: string, env: Record<string, string> = {}) {
  const r = await runCli(['doctor', '--config', config, '--json'], cleanEnv(env));
  expect(r.stderr).toBe('');
  const out = JSON.parse(r.stdout) as { steps: DoctorStep[]; exitCode: number };
  expect(out.exitCode).toBe(r.code);
  const step = (title: string) => out.steps.find((s) => s.title === title);
  return { code: r.code, steps: out.steps, step };
}

/** What key a host presents, seen by a plain ssh2 client that trusts nothing. */
function offeredFingerprint(port: number): Promise<string> {
  return new Promise((resolve) => {
    const c = new Client();
    c.on('error', () => undefined);
    c.connect({
      host: '127.0.0.1',
      port,
      username: 'probe',
      hostVerifier: (key: Buffer) => {
        resolve(fingerprintOf(key));
        return false;
      },
    });
  });
}

describe('cloudops doctor against a lab', { timeout: 180_000 }, () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab({ scenario: 'healthy' });
  });
  afterAll(() => lab.close());

  it('all well: config, API, every host, no DB configured, no Slack token → exit 0', async () => {
    const d = await doctor(lab.configPath);
    expect(d.code).toBe(0);
    expect(d.step('API')).toMatchObject({
      status: 'ok',
      detail: expect.stringMatching(/signature accepted/),
    });
    for (const name of lab.hosts.keys()) expect(d.step(`ssh ${name}`)?.status).toBe('ok');
    expect(d.step('database')?.status).toBe('note');
    expect(d.step('slack')?.status).toBe('note');
  });

  it('wrong host key, wrong API secret and a dead host: each named with its fix, exit 1', async () => {
    await lab.setHostFault('kvm01', 'wrong-key');
    await lab.setHostFault('nfs02', 'refused');
    lab.setApiFault('bad-signature');
    try {
      const offered = await offeredFingerprint(lab.hosts.get('kvm01')!.port);
      expect(offered).not.toBe(lab.hosts.get('kvm01')!.hostKeyFingerprint);
      const d = await doctor(lab.configPath);
      expect(d.code).toBe(1);
      const key = d.step('ssh kvm01')!;
      expect(key.status).toBe('problem');
      expect(key.detail).toContain(`offered host key ${offered}, which is not pinned`);
      expect(key.fix).toMatch(/ssh-keyscan -p \d+ 127\.0\.0\.1/);
      expect(key.fix).toContain(`environments[0].hosts[0].hostKeys to ["${offered}"]`);
      expect(d.step('API')).toMatchObject({ status: 'problem', detail: expect.stringContaining('(401)') });
      expect(d.step('API')?.fix).toMatch(/secretKeyEnv/);
      expect(d.step('ssh nfs02')).toMatchObject({
        status: 'unreachable',
        detail: expect.stringContaining('connection refused'),
      });
      expect(d.step('ssh kvm02')?.status).toBe('ok');
    } finally {
      await lab.setHostFault('kvm01', 'none');
      await lab.setHostFault('nfs02', 'none');
      lab.setApiFault('none');
    }
  });

  it('only a dead host: could not complete → exit 3; the text report says what to check', async () => {
    await lab.setHostFault('nfs02', 'refused');
    try {
      const r = await runCli(['doctor', '--config', lab.configPath], cleanEnv());
      expect(r.code).toBe(3);
      expect(r.stdout).toMatch(/^\? ssh nfs02 +cannot reach nfs02 \(127\.0\.0\.1:\d+\): connection refused/m);
      expect(r.stdout).toMatch(/→ check that nfs02 is up, sshd listens on \d+/);
      expect(r.stdout).toContain('0 problem(s), 1 not reachable');
      expect(r.stdout).not.toContain('\x1b[');
    } finally {
      await lab.setHostFault('nfs02', 'none');
    }
  });

  it('checks the Slack token with auth.test against SLACK_API_URL', async () => {
    const slack = await FakeSlack.start();
    try {
      slack.badTokens.add('xoxb-revoked');
      const bad = await doctor(lab.configPath, {
        SLACK_API_URL: slack.apiUrl,
        SLACK_BOT_TOKEN: 'xoxb-revoked',
      });
      expect(bad.code).toBe(1);
      expect(bad.step('slack')).toMatchObject({
        status: 'problem',
        detail: expect.stringContaining('invalid_auth'),
      });
      const good = await doctor(lab.configPath, {
        SLACK_API_URL: slack.apiUrl,
        SLACK_BOT_TOKEN: 'xoxb-good',
      });
      expect(good.code).toBe(0);
      expect(good.step('slack')?.status).toBe('ok');
      expect(slack.callsTo('auth.test').map((c) => c.token)).toContain('xoxb-good');
    } finally {
      await slack.close();
    }
  });

  it('a config that does not load is exit 2, one line per problem', async () => {
    const bad = `${lab.dir}/broken.yaml`;
    await writeFile(bad, 'environments: 12\n', { mode: 0o600 });
    const r = await runCli(['doctor', '--config', bad], cleanEnv());
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^✗ config/m);
    expect(r.stderr).toBe('');
  });

  it('a world-readable config with inline API keys is a problem', async () => {
    const loose = `${lab.dir}/loose.yaml`;
    await writeFile(loose, await readFile(lab.configPath, 'utf8'));
    await chmod(loose, 0o644);
    const d = await doctor(loose);
    expect(d.code).toBe(1);
    expect(d.steps.find((s) => s.title === 'config' && s.status === 'problem')?.fix).toMatch(/chmod 600/);
  });
});

describeWithMariaDb('cloudops doctor: the database door', () => {
  let lab: Lab;
  const user = `cloudops_ro_${randomBytes(4).toString('hex')}`;
  let admin: mysql.Connection;
  beforeAll(async () => {
    lab = await startLab({ scenario: 'healthy', mysqlUrl: MYSQL_URL });
    admin = await mysql.createConnection({ uri: MYSQL_URL });
  });
  afterAll(async () => {
    await admin.query(`DROP USER IF EXISTS '${user}'@'%'`);
    await admin.end();
    await lab.close();
  });

  it('an account that could write is a problem with the GRANT to use instead; a SELECT-only one is ok', async () => {
    const asRoot = await doctor(lab.configPath);
    expect(asRoot.code).toBe(1);
    expect(asRoot.step('database')).toMatchObject({
      status: 'problem',
      detail: expect.stringMatching(/session is read-only, but the account may write/),
      fix: expect.stringMatching(/GRANT SELECT ON cloudops_lab_\w+\.\* TO/),
    });

    const cfg = parse(await readFile(lab.configPath, 'utf8'));
    const dbUrl = new URL(cfg.environments[0].database.url);
    await admin.query(`CREATE USER '${user}'@'%'`);
    await admin.query(`GRANT SELECT ON \`${dbUrl.pathname.slice(1)}\`.* TO '${user}'@'%'`);
    dbUrl.username = user;
    cfg.environments[0].database.url = dbUrl.toString();
    const roConfig = `${lab.dir}/readonly.yaml`;
    await writeFile(roConfig, stringify(cfg), { mode: 0o600 });
    const ro = await doctor(roConfig);
    expect(ro.step('database')).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining('SELECT-only'),
    });
    expect(ro.code).toBe(0);
  });
});
