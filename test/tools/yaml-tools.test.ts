/** Operator YAML tools: validated at start-up with file+field errors, read-only only, and argv sent intact over SSH. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, type LabSshHost, startSshHost } from '../../src/lab/ssh-host-server.ts';
import { createSshExecutor } from '../../src/ssh/executor.ts';
import type { ToolContext } from '../../src/tools/context.ts';
import { ToolRegistry } from '../../src/tools/registry.ts';
import { loadYamlTools } from '../../src/tools/yaml/load-yaml-tools.ts';
import { checkReadOnlyArgv } from '../../src/tools/yaml/read-only-policy.ts';

const repoTools = fileURLToPath(new URL('../../tools/', import.meta.url));

async function dirWith(files: Record<string, string>): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'yaml-tools-'));
  for (const [n, t] of Object.entries(files)) await writeFile(join(d, n), t);
  return d;
}

describe('read-only policy', () => {
  it.each([
    [['rm', '-rf', '/'], /allow-list/],
    [['virsh', 'destroy', 'i-2-34-VM'], /not a read-only subcommand/],
    [['systemctl', 'restart', 'libvirtd'], /not a read-only subcommand/],
    [['cat', '/etc/shadow'], /may only read files under/],
    [['cat', '/var/log/../../etc/shadow'], /not a canonical path/],
    [['/tmp/evil/virsh', 'list'], /must be in/],
    [['ip', 'addr', 'flush', 'dev', 'eth0'], /not a read-only subcommand/],
    [['ip', '-s', 'link', 'set', 'eth0', 'down'], /not a read-only subcommand/],
    [['ip', 'route', 'del', 'default'], /not a read-only subcommand/],
    [['ip', '-batch', '/tmp/cmds'], /not a read-only form/],
    [['ss', '-K', 'dst', '1.2.3.4'], /writes, clears or executes/],
    [['ss', '-tK', 'dst', '1.2.3.4'], /writes, clears or executes/],
    [['journalctl', '--vacuum-time=1s'], /writes, clears or executes/],
    [['journalctl', '--rotate'], /writes, clears or executes/],
    [['journalctl', '--rot'], /writes, clears or executes/],
    [['dmesg', '--clear'], /writes, clears or executes/],
    [['dmesg', '-Tc'], /writes, clears or executes/],
    [['dmesg', '-n', '1'], /writes, clears or executes/],
    [['crm_mon', '--output-to=/etc/passwd'], /writes, clears or executes/],
    [['crm_mon', '-1', '-h', '/etc/passwd'], /writes, clears or executes/],
    [['crm_mon', '-E', '/tmp/x.sh'], /writes, clears or executes/],
    [['nfsstat', '-z'], /writes, clears or executes/],
    [['corosync-quorumtool', '-s', '-e', '1'], /may only be given/],
    [['drbdadm', 'status', '--drbdsetup=/tmp/x'], /writes, clears or executes/],
  ])('refuses %j', (argv, why) => {
    expect(checkReadOnlyArgv(argv as string[], true)).toMatch(why);
  });
  it.each([
    [['virsh', 'list', '--all']],
    [['tail', '-n', '200', '/var/log/messages']],
    [['systemctl', 'status', 'libvirtd']],
    [['ip', '-br', 'addr', 'show']],
    [['ip', 'route']],
    [['ip', '-s', '-d', 'link', 'show', 'dev', 'eth0']],
    [['ss', '-tlnp']],
    [['journalctl', '-k', '--since', '-1h', '--no-pager']],
    [['dmesg', '-T']],
    [['crm_mon', '-1', '--output-as=xml']],
    [['nfsstat', '-m']],
    [['corosync-quorumtool', '-s']],
  ])('allows %j', (argv) => {
    expect(checkReadOnlyArgv(argv, true)).toBeNull();
  });
  it('program paths: only /bin, /sbin, /usr/bin, /usr/sbin, and nothing below them', () => {
    for (const p of ['/usr/bin/virsh', '/bin/virsh', '/sbin/virsh', '/usr/sbin/virsh', 'virsh'])
      expect(checkReadOnlyArgv([p, 'list'], true), p).toBeNull();
    for (const p of [
      '/usr/local/bin/virsh',
      '/usr/bin/x/virsh',
      'usr/bin/virsh',
      '/opt/bin/virsh',
      '/usrbin/virsh',
    ])
      expect(checkReadOnlyArgv([p, 'list'], true), p).toMatch(
        /must be in \/bin, \/sbin, \/usr\/bin or \/usr\/sbin/,
      );
  });

  it('a program with subcommands needs one; an empty argv names no program', () => {
    expect(checkReadOnlyArgv(['virsh'], true)).toMatch(/^virsh needs one of: /);
    expect(checkReadOnlyArgv([], true)).toMatch(/^program "" is not on the read-only allow-list \(/);
  });

  it('skips {param} placeholders at load time and checks their values at run time', () => {
    expect(checkReadOnlyArgv(['ip', '{opt}', 'addr', 'show', '{dev}'], false)).toBeNull();
    expect(checkReadOnlyArgv(['journalctl', '-u', '{unit}'], false)).toBeNull();
    expect(checkReadOnlyArgv(['journalctl', '-u', '--rotate'], true)).toMatch(/writes, clears or executes/);
  });
});

describe('loading tools/*.yaml', () => {
  it('loads the bundled operator tools', async () => {
    const tools = await loadYamlTools(repoTools);
    expect(tools.map((t) => t.name).sort()).toEqual(['agent_log', 'nfs_mounts', 'service_status']);
    expect(tools.every((t) => t.risk === 'read')).toBe(true);
    // Each declares its own title, so its Slack card is not headed by a snake_case name.
    for (const t of tools) {
      expect(t.title?.en, t.name).toMatch(/^[A-Z]/);
      expect(t.title?.ja, t.name).toMatch(/[^\x00-\x7f]/);
    }
  });

  it('refuses risk: mutate, naming the file and the field', async () => {
    const good = 'name: x_tool\ndescription: shows the uptime of hosts\ntarget: kvm\nprogram: uptime\n';
    expect(await loadYamlTools(await dirWith({ 'good.yaml': good }))).toHaveLength(1);
    const d = await dirWith({ 'bad.yaml': `${good}risk: mutate\n` });
    const err = await loadYamlTools(d).then(
      () => undefined,
      (e: Error) => e,
    );
    // Exactly one problem in the file, so the message proves the risk rule refused it.
    expect(err?.message).toMatch(/^\S*bad\.yaml: risk: /);
    expect(err?.message.split('\n')).toHaveLength(1);
  });

  it('names the file and the field of a too-short description', async () => {
    const d = await dirWith({
      'short.yaml': 'name: x_tool\ndescription: too short\ntarget: kvm\nprogram: uptime\n',
    });
    await expect(loadYamlTools(d)).rejects.toThrow(/short\.yaml: description: /);
  });

  it('refuses a writing program and an untyped placeholder', async () => {
    const w = await dirWith({
      'w.yaml':
        'name: wipe\ndescription: wipes a disk, clearly bad\ntarget: kvm\nprogram: dd\nargv: ["if=/dev/zero"]\n',
    });
    await expect(loadYamlTools(w)).rejects.toThrow(
      /w\.yaml: program\/argv: program "dd" is not on the read-only allow-list/,
    );
    const p = await dirWith({
      'p.yaml':
        'name: logs\ndescription: shows some log lines\ntarget: kvm\nprogram: journalctl\nargv: ["-u", "{unit}"]\n',
    });
    await expect(loadYamlTools(p)).rejects.toThrow(
      /p\.yaml: argv\[1\]: placeholder \{unit\} has no entry under params/,
    );
  });
});

describe('a YAML tool over real SSH', () => {
  let host: LabSshHost;
  const seen: string[][] = [];
  const bot = generateKeyPair();
  beforeAll(async () => {
    host = await startSshHost({
      name: 'kvm01',
      authorizedKey: bot.publicSsh,
      respond: (argv) => {
        seen.push(argv);
        // What real hosts print: drbd-utils shows the peer-authentication secret, systemd the unit's env.
        if (argv[0] === 'drbdadm')
          return {
            stdout:
              'resource r0 {\n    net {\n        cram-hmac-alg    sha1;\n        shared-secret    "Drbd-S3cret-42";\n    }\n    on nfs01 {\n        device           /dev/drbd0 minor 0;\n    }\n}\n',
            code: 0,
          };
        if (argv[0] === 'systemctl')
          return {
            stdout:
              'Id=cloudstack-management.service\nEnvironment=JAVA_OPTS=-Xmx2g CLOUD_DB_PASS=Hunter2x-db\nActiveState=active\n',
            code: 0,
          };
        return { stdout: `ran ${argv.length} args\n`, code: 0 };
      },
    });
  });
  afterAll(() => host.close());

  const sshFor = () =>
    createSshExecutor({
      defaults: {
        user: 'cloudops',
        port: 22,
        connectTimeoutMs: 1000,
        commandTimeoutMs: 2000,
        idleConnectionMs: 60_000,
        keepaliveIntervalMs: 0,
        maxOutputBytes: 1 << 20,
        perHostConcurrency: 2,
        persistentSession: true,
      },
      privateKey: bot.privatePem,
      globalConcurrency: 4,
    });
  const ctxFor = (ssh: ReturnType<typeof sshFor>) =>
    ({
      env: {
        name: 'lab',
        hosts: [
          {
            name: 'kvm01',
            address: '127.0.0.1',
            port: host.port,
            role: 'kvm',
            hostKeys: [host.hostKeyFingerprint],
          },
        ],
        storagePairs: [],
      },
      ssh,
      logger: pino({ level: 'silent' }),
      lang: 'en',
      progress: () => {},
    }) as unknown as Omit<ToolContext, 'record'>;

  it('hides secrets real read commands print (drbdadm dump shared-secret, systemctl show Environment=)', async () => {
    const d = await dirWith({
      'dump.yaml':
        'name: drbd_conf\ndescription: drbd configuration\ntarget: kvm\nprogram: drbdadm\nargv: ["dump"]\n',
      'show.yaml':
        'name: unit_props\ndescription: unit properties\ntarget: kvm\nprogram: systemctl\nargv: ["show", "cloudstack-management"]\n',
    });
    const registry = new ToolRegistry(await loadYamlTools(d));
    const ssh = sshFor();
    try {
      for (const name of ['drbd_conf', 'unit_props']) {
        const env = await registry.run(name, {}, ctxFor(ssh));
        expect(env.status).toBe('ok');
        const all = JSON.stringify(env);
        expect(all).not.toMatch(/Drbd-S3cret-42|Hunter2x-db/);
        expect(all).toMatch(/shared-secret|Environment=/);
        expect(all).toContain('<redacted>');
      }
      expect(JSON.stringify(await registry.run('drbd_conf', {}, ctxFor(ssh)))).toContain('minor 0');
    } finally {
      await ssh.close();
    }
  });

  it('sends exactly the validated argv, and rejects a value outside its pattern before sending', async () => {
    const d = await dirWith({
      'grep.yaml':
        'name: unit_log\ndescription: journal lines of one unit on kvm hosts\ntarget: kvm\nprogram: journalctl\nargv: ["-u", "{unit}", "-n", "{lines}", "--no-pager"]\nparams:\n  unit: { type: string, pattern: "[a-z-]+\\\\.service" }\n  lines: { type: integer, min: 1, max: 500, default: 50 }\n',
    });
    const registry = new ToolRegistry(await loadYamlTools(d));
    const ssh = sshFor();
    const ctx = ctxFor(ssh);
    // Counts from here: other tests of this host may have run before (any order).
    const from = seen.length;
    try {
      const ok = await registry.run('unit_log', { unit: 'libvirtd.service' }, ctx);
      expect(ok.status).toBe('ok');
      expect(seen.slice(from)).toEqual([['journalctl', '-u', 'libvirtd.service', '-n', '50', '--no-pager']]);
      const bad = await registry.run('unit_log', { unit: 'libvirtd.service; reboot' }, ctx);
      expect(bad.error?.code).toBe('invalid_argument');
      expect(seen.slice(from)).toHaveLength(1);
    } finally {
      await ssh.close();
    }
  });
});
