/**
 * Files that point OpenSSH, parallel-ssh and Ansible at the simulated fleet: distinct host names that all
 * resolve (via our own ssh_config) to the one loopback sshd, with the same KEX and cipher the bot negotiates.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** ssh2's first choices against OpenSSH 9.2 (see negotiated.ts); pinned so every client does the same crypto. */
export const BENCH_KEX = 'curve25519-sha256';
export const BENCH_CIPHER = 'aes128-gcm@openssh.com';

export function hostNames(n: number): string[] {
  const width = Math.max(3, String(n).length);
  return Array.from({ length: n }, (_, i) => `kvm${String(i + 1).padStart(width, '0')}`);
}

export interface ClientFiles {
  sshConfig: string;
  sshConfigCm: string;
  hostsFile: string;
  ansibleCfg: string;
  ansibleHome: string;
}

export function writeClientFiles(
  dir: string,
  opts: { port: number; hostKeyLine: string; clientKeyPath: string; hosts: string[]; forks: number },
): ClientFiles {
  const f = (name: string) => path.join(dir, name);
  // OpenSSH looks the key up under the HostName it dialled, so one pin covers every simulated host.
  writeFileSync(f('known_hosts'), `[127.0.0.1]:${opts.port} ${opts.hostKeyLine}\n`);
  // -F replaces ~/.ssh/config and /etc/ssh/ssh_config, so nothing from this machine's setup leaks in.
  const sshConfig = (control: string) => `Host kvm*
  HostName 127.0.0.1
  Port ${opts.port}
  User root
  IdentityFile ${opts.clientKeyPath}
  IdentitiesOnly yes
  UserKnownHostsFile ${f('known_hosts')}
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  CheckHostIP no
  UpdateHostKeys no
  BatchMode yes
  KexAlgorithms ${BENCH_KEX}
  Ciphers ${BENCH_CIPHER}
  HostKeyAlgorithms ssh-ed25519
${control}
  ConnectTimeout 30
  LogLevel ERROR
`;
  writeFileSync(f('ssh_config'), sshConfig('  ControlMaster no\n  ControlPath none'));
  // The ControlMaster rows: one persistent master per host (opened by `ssh -fN`), then sessions multiplexed on it.
  // %n is the name as typed (kvm001): %C would hash HostName, the same 127.0.0.1 for every host.
  mkdirSync(f('cm'), { recursive: true });
  writeFileSync(
    f('ssh_config_cm'),
    sshConfig(`  ControlMaster auto\n  ControlPath ${f('cm')}/%n\n  ControlPersist yes`),
  );
  writeFileSync(f('hosts.txt'), `${opts.hosts.join('\n')}\n`);
  writeFileSync(f('inventory.ini'), `[kvm]\n${opts.hosts.join('\n')}\n`);
  // Ansible's default ssh_args add ControlPersist=60s: masters would outlive a run and make later runs warm.
  writeFileSync(
    f('ansible.cfg'),
    `[defaults]
inventory = ${f('inventory.ini')}
forks = ${opts.forks}
host_key_checking = True
retry_files_enabled = False
interpreter_python = auto_silent
local_tmp = ${f('ansible-home')}/tmp

[ssh_connection]
ssh_args = -F ${f('ssh_config')} -o ControlMaster=no -o ControlPath=none
`,
  );
  return {
    sshConfig: f('ssh_config'),
    sshConfigCm: f('ssh_config_cm'),
    hostsFile: f('hosts.txt'),
    ansibleCfg: f('ansible.cfg'),
    ansibleHome: f('ansible-home'),
  };
}
