/** The CLI's io captured in memory, as the in-process CLI tests read it (stdout and stderr apart). */
import type { CliIo } from '../../src/cli/io.ts';

export function capture(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: { LOG_LEVEL: 'silent', ...env },
  };
  return { io, out: () => out.join('\n'), err: () => err.join('\n') };
}
