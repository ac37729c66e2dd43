/** Runs one already-quoted command on a ready connection, enforcing the timeout, the output cap and cancellation. */
import type { ClientChannel } from 'ssh2';
import { OpsError } from '../core/errors.ts';
import type { Connection } from './connection-pool.ts';
import { aborted, type ConnectTarget, commandTimeout, connectionLost, outputTooLarge } from './errors.ts';

export interface ChannelOutcome {
  stdout: string;
  stderr: string;
  /** -1 when the remote side ended the channel without an exit status (e.g. killed by a signal). */
  exitCode: number;
  exitSignal?: string;
}

/** The pooled connection was already dead: the command never started, so running it again is safe. */
export class ChannelNotOpened extends OpsError {}

export interface ChannelLimits {
  id: string;
  timeoutMs: number;
  maxOutputBytes: number;
  signal?: AbortSignal;
}

export function runChannel(
  conn: Connection,
  t: ConnectTarget,
  command: string,
  lim: ChannelLimits,
): Promise<ChannelOutcome> {
  return new Promise<ChannelOutcome>((resolve, reject) => {
    let settled = false;
    let stream: ClientChannel | undefined;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let bytes = 0;
    let exitCode: number | undefined;
    let exitSignal: string | undefined;

    // Ask the remote process to die, then drop the channel whether or not sshd honoured the signal.
    const kill = () => {
      if (!stream) return;
      try {
        stream.signal('KILL');
      } catch {
        // channel already half-closed
      }
      stream.close();
    };
    const finish = (e: OpsError | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      lim.signal?.removeEventListener('abort', onAbort);
      if (e) {
        kill();
        reject(e);
        return;
      }
      const outcome: ChannelOutcome = {
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        exitCode: exitCode ?? -1,
      };
      if (exitSignal) outcome.exitSignal = exitSignal;
      resolve(outcome);
    };
    const onAbort = () => finish(aborted(t, lim.id));
    const timer = setTimeout(() => finish(commandTimeout(t, lim.id, lim.timeoutMs)), lim.timeoutMs);
    if (lim.signal?.aborted) return onAbort();
    lim.signal?.addEventListener('abort', onAbort, { once: true });

    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      if (settled) return;
      bytes += chunk.length;
      if (bytes > lim.maxOutputBytes) return finish(outputTooLarge(t, lim.id, lim.maxOutputBytes));
      into.push(chunk);
    };

    const onOpen = (openErr: Error | undefined, s: ClientChannel) => {
      if (openErr) {
        if (conn.isClosed()) return finish(notOpened(t));
        // Typically sshd's MaxSessions: the connection is fine but refuses another channel.
        return finish(
          new OpsError(
            'command_failed',
            `${t.name} refused an SSH session for ${lim.id}: ${openErr.message}`,
          ),
        );
      }
      stream = s;
      if (settled) return kill();
      s.on('data', collect(out));
      s.stderr.on('data', collect(err));
      s.on('exit', (code: number | null, sig?: string) => {
        if (typeof code === 'number') exitCode = code;
        if (sig) exitSignal = sig;
      });
      s.on('close', () => {
        if (exitCode === undefined && !exitSignal && conn.isClosed()) return finish(connectionLost(t));
        finish(undefined);
      });
    };
    try {
      conn.client.exec(command, onOpen);
    } catch {
      // ssh2 throws "Not connected" when the transport died between acquire and exec.
      finish(notOpened(t));
    }
  });
}

function notOpened(t: ConnectTarget): ChannelNotOpened {
  const lost = connectionLost(t);
  return new ChannelNotOpened(lost.code, lost.userMessage);
}
