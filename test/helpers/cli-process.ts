/**
 * Runs the real `bin/cloudops.js` as a child process, on pipes (as from a script or cron) or on a
 * pseudo-terminal (util-linux `script`, as from an operator's terminal), with a clean environment.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/cloudops.js', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Only what a login shell would have: no CLOUDOPS_CONFIG, NO_COLOR or FORCE_COLOR leaking from the runner. */
export const cleanEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: process.env.HOME ?? '/tmp',
  LANG: 'C.UTF-8',
  TERM: 'xterm-256color',
  LOG_LEVEL: 'silent',
  ...extra,
});

function collect(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr }));
  });
}

/** stdout and stderr are pipes. */
export const runCli = (args: string[], env = cleanEnv()): Promise<CliRun> =>
  collect(process.execPath, [BIN, ...args], env);

const shellQuote = (a: string) => `'${a.replaceAll("'", `'\\''`)}'`;

/** stdout and stderr are one terminal; `output` is everything written to it (\r\n line ends, escapes kept). */
export async function runCliOnPty(
  args: string[],
  env = cleanEnv(),
): Promise<{ code: number; output: string }> {
  const line = [process.execPath, BIN, ...args].map(shellQuote).join(' ');
  // -q no banner, -f flush as written, -e exit with the child's code, -c run this command.
  const r = await collect('script', ['-qfec', line, '/dev/null'], env);
  return { code: r.code, output: r.stdout };
}
