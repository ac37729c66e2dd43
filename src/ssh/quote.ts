/** The only way an argv becomes a remote command line: every element POSIX single-quoted, so none can change the command. */
import { OpsError } from '../core/errors.ts';

/** Beyond this an argument is not a name or a time but an attack or a mistake. */
export const MAX_ARG_BYTES = 4096;

function quoteOne(arg: string, index: number): string {
  if (/[\0\n\r]/.test(arg)) {
    throw new OpsError('invalid_argument', `argument ${index} contains a NUL, newline or carriage return`);
  }
  if (Buffer.byteLength(arg, 'utf8') > MAX_ARG_BYTES) {
    throw new OpsError('invalid_argument', `argument ${index} is longer than ${MAX_ARG_BYTES} bytes`);
  }
  // Inside single quotes the shell interprets nothing; a quote itself is closed, escaped and reopened.
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

export function quoteArgv(argv: readonly string[]): string {
  if (argv.length === 0) throw new OpsError('invalid_argument', 'empty command');
  return argv.map(quoteOne).join(' ');
}

/**
 * Exact inverse of quoteArgv for the lab's SSH server: accepts only strings quoteArgv could have produced,
 * so a test that forgets to quote (or a bot that sends a raw shell string) is caught, not tolerated.
 */
export function parseQuotedArgv(cmd: string): string[] {
  const out: string[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new OpsError('invalid_argument', `not a quoted argv: ${why} at offset ${i}`);
  };
  while (i < cmd.length) {
    if (out.length > 0) {
      if (cmd[i] !== ' ') fail('expected a single space between arguments');
      i += 1;
    }
    let arg = '';
    for (;;) {
      if (cmd[i] !== "'") fail('expected an opening quote');
      const close = cmd.indexOf("'", i + 1);
      if (close < 0) fail('unterminated quote');
      arg += cmd.slice(i + 1, close);
      i = close + 1;
      // `'\''` continues the same argument with a literal quote.
      if (cmd.startsWith("\\''", i)) {
        arg += "'";
        i += 2;
        continue;
      }
      break;
    }
    out.push(arg);
  }
  if (out.length === 0) fail('empty command');
  // The round trip also rejects what quoteArgv itself refuses (NUL, newline, oversize).
  let again: string;
  try {
    again = quoteArgv(out);
  } catch (e) {
    throw new OpsError('invalid_argument', `not a quoted argv: ${(e as Error).message}`);
  }
  if (again !== cmd) fail('not in canonical form');
  return out;
}
