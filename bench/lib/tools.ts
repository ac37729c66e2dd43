/** Finds the OpenSSH, pssh and Ansible programs the comparisons need; the benchmark installs nothing itself. */
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
