/**
 * Opens the channel of a reader session: exec READER_PROGRAM and wait for its ready line. Anything else — exit 127,
 * a ForceCommand's own answer, a close or silence until the deadline — means the host does not run the loop.
 */
import type { ClientChannel } from 'ssh2';
import { OpsError } from '../core/errors.ts';
import type { Connection } from './connection-pool.ts';
import { type ConnectTarget, connectionLost } from './errors.ts';
import { READY_LINE } from './reader-program.ts';
import { ChannelNotOpened } from './run-channel.ts';

/** The host does not run the reader program (ForceCommand, no sh, exit 127…): use exec channels for it. */
export class ReaderRefused extends OpsError {}

/** What we keep of a refusing host's stderr for the log line. */
const REFUSAL_TAIL = 300;

/** Starts the program and resolves with its channel once the ready line arrived; ReaderRefused when it did not. */
export function openReaderChannel(
  conn: Connection,
  t: ConnectTarget,
  program: string,
  readyMs: number,
): Promise<ClientChannel> {
  return new Promise<ClientChannel>((resolve, reject) => {
    let settled = false;
    let stream: ClientChannel | undefined;
    let seen = Buffer.alloc(0);
    let stderr = '';
    let exitCode: number | undefined;
    const want = Buffer.from(`${READY_LINE}\n`);
    const refused = (why: string) =>
      new ReaderRefused('command_failed', `${t.name} does not run the reader program: ${why}`);
    const settle = (e: OpsError | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!stream) return e ? reject(e) : undefined;
      stream.off('data', onData);
      stream.stderr.off('data', onErr);
      stream.off('close', onClose);
      if (e) {
        killChannel(stream);
        return reject(e);
      }
      resolve(stream);
    };
    const timer = setTimeout(() => settle(refused(`no ready line within ${readyMs} ms`)), readyMs);
    const onOpen = (openErr: Error | undefined, s: ClientChannel) => {
      if (openErr) {
        if (conn.isClosed()) return settle(notOpened(t));
        return settle(new OpsError('command_failed', `${t.name} refused an SSH session: ${openErr.message}`));
      }
      stream = s;
      if (settled) return killChannel(s);
      s.on('exit', (code: number | null) => {
        if (typeof code === 'number') exitCode = code;
      });
      s.stderr.on('data', onErr);
      s.on('data', onData);
      s.on('close', onClose);
    };
    const onErr = (c: Buffer) => {
      stderr = (stderr + c.toString('utf8')).slice(-REFUSAL_TAIL);
    };
    const onData = (c: Buffer) => {
      seen = Buffer.concat([seen, c]);
      const n = Math.min(seen.length, want.length);
      if (!seen.subarray(0, n).equals(want.subarray(0, n)) || seen.length > want.length)
        return settle(refused('it answered something other than the ready line'));
      if (seen.length === want.length) settle(undefined);
    };
    const onClose = () => {
      if (conn.isClosed()) return settle(notOpened(t));
      const how = exitCode === undefined ? 'the channel closed' : `exit ${exitCode}`;
      settle(refused(`${how} before the ready line${stderr ? `: ${stderr.trim()}` : ''}`));
    };
    try {
      conn.client.exec(program, onOpen);
    } catch {
      settle(notOpened(t));
    }
  });
}

/** Ask the remote process to die, then drop the channel whether or not sshd honoured the signal. */
export function killChannel(s: ClientChannel): void {
  try {
    s.signal('KILL');
  } catch {
    // channel already half-closed
  }
  s.close();
}

export function notOpened(t: ConnectTarget): ChannelNotOpened {
  const lost = connectionLost(t);
  return new ChannelNotOpened(lost.code, lost.userMessage);
}
