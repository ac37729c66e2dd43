/** The YAML tools' read-only policy as a class: path escapes, dangerous global options, prototype names, values as options. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commandFromTemplate } from '../../src/ssh/define-command.ts';
import { refusedPath } from '../../src/tools/yaml/read-only-paths.ts';
import { allowedPrograms, checkReadOnlyArgv } from '../../src/tools/yaml/read-only-policy.ts';

describe('paths a YAML tool may read', () => {
  it.each([
    '/proc/self/root/etc/shadow',
    '/proc/thread-self/root/etc/shadow',
    '/proc/1/root/etc/shadow',
    '/proc/1/cwd/secret',
    '/proc/self/fd/3',
    '/proc/self/task/7/root/etc/shadow',
    '/proc/1/environ',
    '/proc/1234/environ',
    '/proc/1/task/7/environ',
    '/proc/1/mem',
    '/proc/kmsg',
    '/proc/kcore',
    '/sys/kernel/tracing/trace_pipe',
    '/sys/kernel/debug/x',
    '/proc//self/root/etc/shadow',
    '/proc/./self/root',
    '/var/log/../../etc/shadow',
    '/var/log/x/..',
    'var/log/messages',
  ])('refuses %s', (p) => {
    expect(refusedPath(p, ['/proc/', '/sys/', '/var/log/', '/dev/'])).not.toBeNull();
    expect(checkReadOnlyArgv(['cat', p], true)).not.toBeNull();
  });
  it.each([
    ['/var/log/.', /not a canonical path/],
    ['/var/log/libvirt/.', /not a canonical path/],
    // The denied trees themselves, named without the trailing "/", are as refused as what lies below them.
    ['/sys/kernel/debug', /side effects or leaves/],
    ['/sys/kernel/tracing', /side effects or leaves/],
    ['/sys/firmware/efi/efivars', /side effects or leaves/],
    ['/proc/self/task/7/fd/3', /links outside \/proc/],
    ['/proc/thread-self/ns/net', /links outside \/proc/],
  ])('refuses %s, saying why', (p, why) => {
    expect(refusedPath(p, ['/proc/', '/sys/', '/var/log/'])).toMatch(why);
  });
  it('tells the tool author what was wrong with the path', () => {
    expect(checkReadOnlyArgv(['cat', 'var/log/messages'], true)).toBe(
      'cat: "var/log/messages" is not an absolute path',
    );
    expect(checkReadOnlyArgv(['cat', '/etc/shadow'], true)).toBe(
      'cat: may only read files under /proc/, /sys/, /var/log/ (got "/etc/shadow")',
    );
  });
  it('the per-process rule is only for /proc/<pid>: a "mem" or "root" elsewhere in /sys is an ordinary entry', () => {
    // /sys/class/mem/<device>/dev holds the major:minor of /dev/null and friends.
    expect(checkReadOnlyArgv(['cat', '/sys/class/mem/null/dev'], true)).toBeNull();
    expect(checkReadOnlyArgv(['cat', '/proc/sys/fs/file-nr'], true)).toBeNull();
  });
  it('refuses /dev even when a prefix would admit it', () => {
    expect(refusedPath('/dev/mem', ['/dev/'])).toMatch(/side effects|leaves/);
  });
  it.each([
    '/proc/meminfo',
    '/proc/drbd',
    '/proc/1/status',
    '/proc/self/cgroup',
    '/proc/1/task/7/status',
    // Not a process directory: names that merely contain digits are ordinary /proc entries.
    '/proc/12abc/environ',
    '/proc/abc12/environ',
    '/var/log/libvirt/',
    '/sys/class/net/eth0/operstate',
    '/var/log/messages',
  ])('allows %s', (p) => {
    expect(checkReadOnlyArgv(['cat', p], true)).toBeNull();
  });
});

describe('dangerous global options of every allow-listed program', () => {
  // One row per way a read-only program can reach another host, write a file, read any file or never return.
  const DANGEROUS: [string, string[]][] = [
    ['pcs', ['status', '-f', '/tmp/x']],
    ['pcs', ['status', '-f/tmp/x']],
    ['pcs', ['status', '--corosync_conf=/tmp/x']],
    ['systemctl', ['status', '--host=u@evil', 'sshd']],
    ['systemctl', ['status', '-H', 'u@evil']],
    ['systemctl', ['status', '--ho', 'u@evil']],
    ['systemctl', ['status', '-M', 'c1']],
    ['systemctl', ['status', '--root=/mnt']],
    ['virsh', ['list', '--connect', 'qemu+ssh://evil/system']],
    ['virsh', ['dumpxml', 'i-2-3-VM', '-c', 'qemu+tcp://evil/system']],
    ['virsh', ['dumpxml', '--security-info', 'i-2-3-VM']],
    ['virsh', ['list', ';', 'destroy', 'i-2-3-VM']],
    ['virsh', ['list', '--log', '/tmp/x']],
    ['journalctl', ['--file', '/etc/shadow']],
    ['journalctl', ['--root=/']],
    ['journalctl', ['--image=/tmp/disk.img']],
    ['journalctl', ['-f']],
    ['dmesg', ['-F', '/etc/shadow']],
    ['dmesg', ['--follow']],
    ['tail', ['-f', '/var/log/messages']],
    ['findmnt', ['--tab-file', '/etc/shadow']],
    ['free', ['-s', '1']],
    ['ss', ['-F', '/etc/shadow']],
    ['chronyc', ['tracking', '-h', 'evil']],
    ['drbdadm', ['status', '-c', '/etc/shadow']],
    ['crm_mon', ['--web-cgi']],
    ['nfsstat', ['--sleep']],
  ];
  it.each(DANGEROUS)('%s %j is refused', (program, args) => {
    expect(checkReadOnlyArgv([program, ...args], true)).not.toBeNull();
  });
  it('every allow-listed program has a dangerous-option row above or takes a fixed argument list', () => {
    const covered = new Set(DANGEROUS.map(([p]) => p));
    // These take only listed arguments, a fixed verb path, or have no global option that leaves the host.
    const noDangerousOption = [
      'corosync-quorumtool',
      'corosync-cfgtool',
      'ip',
      'cat',
      'head',
      'df',
      'uptime',
      'uname',
      'lsblk',
      'showmount',
      'drbdsetup',
    ];
    for (const p of allowedPrograms()) expect(covered.has(p) || noDangerousOption.includes(p), p).toBe(true);
    // And the other way: the allow-list is exactly these programs, so a new one needs a row (or a reason) here.
    expect([...allowedPrograms()].sort()).toEqual([...new Set([...covered, ...noDangerousOption])].sort());
  });
});

describe('program names that Object.prototype answers', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', '/usr/bin/valueOf', 'isPrototypeOf'])(
    '%s is not on the allow-list',
    (program) => {
      expect(checkReadOnlyArgv([program, 'x'], true)).toMatch(/allow-list/);
      expect(checkReadOnlyArgv([program], false)).toMatch(/allow-list/);
    },
  );
});

describe('a typed value never becomes an option', () => {
  const cmd = commandFromTemplate({
    id: 'yaml.unit_status',
    description: 'status of a unit',
    argv: ['systemctl', 'status', '{unit}', '--since={since}'],
    params: { unit: z.string().regex(/^[-a-z.=@]+$/), since: z.string().regex(/^-?\d+h$/) },
  });
  it('refuses a value that would start an argument with "-"', () => {
    expect(() => cmd.argv({ unit: '--host=u@evil', since: '1h' })).toThrow(/read as an option/);
    expect(() => cmd.argv({ unit: '-H', since: '1h' })).toThrow(/read as an option/);
  });
  it('keeps a leading "-" that is the argument of a literal option', () => {
    expect(cmd.argv({ unit: 'libvirtd', since: '-24h' })).toEqual([
      'systemctl',
      'status',
      'libvirtd',
      '--since=-24h',
    ]);
  });
  it('a negative integer alone is refused too (head -5 would be an option)', () => {
    const head = commandFromTemplate({
      id: 'yaml.head',
      description: 'head',
      argv: ['head', '-n', '{n}', '/var/log/messages'],
      params: { n: z.number().int() },
    });
    expect(() => head.argv({ n: -5 })).toThrow(/read as an option/);
    expect(head.argv({ n: 5 })).toEqual(['head', '-n', '5', '/var/log/messages']);
  });
  it('a placeholder named after an Object.prototype member needs its own param', () => {
    expect(() =>
      commandFromTemplate({
        id: 'yaml.proto',
        description: 'x',
        argv: ['uname', '{constructor}'],
        params: {},
      }),
    ).toThrow(/has no param/);
  });
});

describe('numbers and "--" in file-reading programs', () => {
  it.each([
    [['tail', '-n', '200', '/var/log/messages']],
    [['tail', '-n', '+5', '/var/log/messages']],
    [['tail', '--lines', '50', '/var/log/messages']],
    [['head', '-c', '4096', '/var/log/messages']],
    [['tail', '-n', '200', '--', '/var/log/messages']],
    [['cat', '--', '/proc/meminfo']],
  ])('allows %j', (argv) => {
    expect(checkReadOnlyArgv(argv, true)).toBeNull();
  });
  it.each([
    // `cat 5` reads ./5 in the SSH user's home: a bare number is a file unless it is a count option's value.
    [['cat', '5'], /"5" is not an absolute path/],
    [['tail', '-n', '5', '12'], /"12" is not an absolute path/],
    [['tail', '-n', '5x', '/var/log/messages'], /"5x" is not an absolute path/],
    [['tail', '-n', 'x5', '/var/log/messages'], /"x5" is not an absolute path/],
    [['head', '-v', '5'], /"5" is not an absolute path/],
    // After "--" an argument that starts with "-" is a file name too.
    [['cat', '--', '-x'], /"-x" is not an absolute path/],
    [['tail', '--', '-n', '5'], /"-n" is not an absolute path/],
    [['tail', '-n', '5', '--', '--', '/var/log/messages'], /"--" is not an absolute path/],
  ])('refuses %j', (argv, why) => {
    expect(checkReadOnlyArgv(argv, true)).toMatch(why);
  });
});

describe('ip: options, then an object, then a read verb', () => {
  it.each([[['ip']], [['ip', '-br']], [['ip', '-s', '-d']], [['ip', '{opts}']]])(
    '%j names no object and is refused at load time and at run time',
    (argv) => {
      expect(checkReadOnlyArgv(argv, false)).toMatch(/not a read-only form/);
      expect(checkReadOnlyArgv(argv, true)).toMatch(/not a read-only form/);
    },
  );
  it('tells the tool author the forms ip allows', () => {
    expect(checkReadOnlyArgv(['ip', '-batch', '/tmp/cmds'], true)).toBe(
      '"ip -batch /tmp/cmds" is not a read-only form (options -s -d -j -p -o -br -4 -6, then one of addr, address, link, route, neigh, rule, then nothing or show/list)',
    );
    expect(checkReadOnlyArgv(['ip', '-s', 'addr', 'flush', 'dev', 'eth0'], true)).toBe(
      '"ip addr flush" is not a read-only subcommand (allowed: nothing, show, list)',
    );
  });
});

describe('every refusal tells the tool author what is allowed', () => {
  it.each([
    [
      ['rm', '-rf', '/'],
      'program "rm" is not on the read-only allow-list (cat, head, tail, journalctl, dmesg, df, ',
    ],
    [['virsh'], 'virsh needs one of: list, dominfo, domstats, dumpxml, '],
    [
      ['virsh', 'destroy', 'i-2-3-VM'],
      '"virsh destroy" is not a read-only subcommand (allowed: list, dominfo, ',
    ],
    [['corosync-quorumtool', '-s', '-e'], 'corosync-quorumtool may only be given -s -l -p -i -H (got "-e")'],
    [['dmesg', '-Tc'], '"-Tc" (-c) writes, clears or executes: dmesg may not be given -F --file -w -W '],
    [['virsh', 'list', ';', 'destroy'], 'virsh arguments may not contain ; (got ";")'],
  ])('%j', (argv, message) => {
    expect(checkReadOnlyArgv(argv, true)?.slice(0, message.length)).toBe(message);
  });
});

describe('placeholders are checked when their value is known', () => {
  it('a {param} passes the load-time check of an argument list and is checked against it at run time', () => {
    expect(checkReadOnlyArgv(['corosync-quorumtool', '{flag}'], false)).toBeNull();
    expect(checkReadOnlyArgv(['corosync-quorumtool', '-l'], true)).toBeNull();
    expect(checkReadOnlyArgv(['corosync-quorumtool', '-e'], true)).toMatch(/may only be given/);
    expect(checkReadOnlyArgv(['corosync-quorumtool', '{flag}'], true)).toMatch(/may only be given/);
  });
});
