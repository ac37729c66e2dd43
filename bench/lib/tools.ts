/** Finds the OpenSSH, pssh and Ansible programs the comparisons need, installing missing ones with apt-get as root. */
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

// sshd lives in sbin, which a non-login root shell may not have on PATH.
const EXTRA_DIRS = ['/usr/sbin', '/usr/local/sbin', '/sbin'];

export function findProgram(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = [...(env.PATH ?? '').split(':').filter(Boolean), ...EXTRA_DIRS];
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

export interface Toolset {
  sshd?: string;
  sshKeygen?: string;
  ssh?: string;
  xargs?: string;
  parallelSsh?: string;
  ansible?: string;
}

export function findTools(): Toolset {
  const t: Toolset = {};
  const set = (key: keyof Toolset, name: string) => {
    const p = findProgram(name);
    if (p) t[key] = p;
  };
  set('sshd', 'sshd');
  set('sshKeygen', 'ssh-keygen');
  set('ssh', 'ssh');
  set('xargs', 'xargs');
  set('parallelSsh', 'parallel-ssh');
  set('ansible', 'ansible');
  return t;
}

/** Debian package for each program, for `installMissing`. */
const PACKAGES: Array<[keyof Toolset, string]> = [
  ['sshd', 'openssh-server'],
  ['sshKeygen', 'openssh-client'],
  ['ssh', 'openssh-client'],
  ['parallelSsh', 'pssh'],
  ['ansible', 'ansible'],
];

/**
 * `npm run bench` brings its comparisons with it: missing packages are installed with apt-get (root, Debian
 * only; a fixed argv, no shell). Returns what it tried, or why it did not.
 */
export function installMissing(t: Toolset, log: (s: string) => void): Toolset {
  const need = [...new Set(PACKAGES.filter(([k]) => !t[k]).map(([, pkg]) => pkg))];
  if (need.length === 0) return t;
  const apt = findProgram('apt-get');
  if (!apt || process.getuid?.() !== 0) {
    log(`missing ${need.join(', ')}: not installing (needs root and apt-get)`);
    return t;
  }
  log(`installing ${need.join(', ')} with apt-get`);
  try {
    execFileSync(apt, ['install', '-y', '--no-install-recommends', ...need], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch (e) {
    log(`apt-get install failed: ${(e as Error).message}`);
  }
  return findTools();
}
