/**
 * Start-up checks of what the config points at, the way OpenSSH refuses an unsafe setup: a known_hosts file
 * that cannot be read, a private key others can read, and plain-HTTP API URLs. Each problem names the
 * file's key path and never a value.
 */
import { readFile, stat } from 'node:fs/promises';
import type { Config } from './schema.ts';

export interface SetupFindings {
  /** Refuse to start. */
  problems: string[];
  /** Start, but say it loudly (logged at warn by the service). */
  warnings: string[];
}

const code = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? 'error';

/** OpenSSH refuses a private key file that group or others can read ("UNPROTECTED PRIVATE KEY FILE"). */
export async function keyFileModeProblem(path: string): Promise<string | undefined> {
  let mode: number;
  try {
    mode = (await stat(path)).mode;
  } catch {
    return undefined; // unreadable keys are reported where the key is read, with the errno
  }
  if ((mode & 0o077) === 0) return undefined;
  const octal = (mode & 0o777).toString(8).padStart(4, '0');
  return `private key ${path} is accessible by group or others (mode ${octal}); run chmod 600 on it, as OpenSSH requires`;
}

/** What the config itself says (checked when it is loaded). */
export function checkConfigSafety(config: Config): SetupFindings {
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const [i, e] of config.environments.entries()) {
    const where = `environments[${i}]`;
    if (e.cloudstack.url.toLowerCase().startsWith('http://')) {
      const why = `${where}.cloudstack.url: plain http:// sends the API key and every signed request in clear`;
      if (e.cloudstack.allowPlainHttp)
        warnings.push(`${why} (allowed by ${where}.cloudstack.allowPlainHttp)`);
      else problems.push(`${why}; use https://, or set ${where}.cloudstack.allowPlainHttp: true (labs only)`);
    }
  }
  return { problems, warnings };
}

/** The files the config names (checked when the service starts, on the machine that will use them). */
export async function checkSetupFiles(config: Config): Promise<string[]> {
  const problems: string[] = [];
  for (const [i, e] of config.environments.entries()) {
    const where = `environments[${i}]`;
    const kh = e.ssh.knownHostsFile;
    if (kh) {
      // Read, not just stat: EACCES and EISDIR only show on reading. A pin must never stand in for a
      // known_hosts file that was meant to be consulted (its @revoked lines would be skipped).
      try {
        await readFile(kh);
      } catch (err) {
        problems.push(`${where}.ssh.knownHostsFile: cannot read ${kh}: ${code(err)}`);
      }
    }
    if (e.ssh.privateKeyPath) {
      const p = await keyFileModeProblem(e.ssh.privateKeyPath);
      if (p) problems.push(`${where}.ssh.privateKeyPath: ${p}`);
    }
  }
  return problems;
}
