/** Turns ssh2 and socket errors into OpsErrors an operator can act on, saying which host and which phase failed. */

import { OpsError } from '../core/errors.ts';
import { lookupTable } from '../core/lookup-table.ts';
import type { HostVerifier } from './host-keys.ts';

export interface ConnectTarget {
  name: string;
  address: string;
  port: number;
  user: string;
}

const SOCKET_REASONS: Readonly<Record<string, string>> = lookupTable({
  ECONNREFUSED: 'connection refused (is sshd running, is the port right?)',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'name does not resolve',
  EAI_AGAIN: 'DNS lookup failed temporarily',
  ETIMEDOUT: 'TCP connection timed out',
  ECONNRESET: 'connection reset by peer',
  EPIPE: 'connection closed by peer',
});

function where(t: ConnectTarget): string {
  return `${t.name} (${t.address}:${t.port})`;
}

export function mapConnectError(
  err: unknown,
  t: ConnectTarget,
  verifier: HostVerifier,
  connectTimeoutMs: number,
): OpsError {
  if (err instanceof OpsError) return err;
  const e = err as Error & { level?: string; code?: string };
  if (e.level === 'client-timeout') {
    return new OpsError(
      'timeout',
      `connect timeout: no SSH handshake with ${where(t)} within ${connectTimeoutMs} ms`,
      { cause: e },
    );
  }
  if (e.level === 'client-authentication') {
    return new OpsError(
      'ssh_auth_failed',
      `SSH login as ${t.user}@${t.name} was refused: the bot's public key is not authorized there`,
      { cause: e },
    );
  }
  if (e.level === 'handshake' && /Host denied/i.test(e.message)) return verifier.mismatchError();
  const reason =
    (e.code && SOCKET_REASONS[e.code]) || (e.level === 'client-dns' ? 'name does not resolve' : undefined);
  return new OpsError('host_unreachable', `cannot reach ${where(t)}: ${reason ?? e.message}`, { cause: e });
}

export function connectionLost(t: ConnectTarget): OpsError {
  return new OpsError('host_unreachable', `SSH connection to ${where(t)} was lost while the command ran`);
}

export function commandTimeout(t: ConnectTarget, id: string, ms: number): OpsError {
  return new OpsError(
    'timeout',
    `command timeout: ${id} on ${t.name} did not finish within ${ms} ms and was stopped`,
  );
}

export function outputTooLarge(t: ConnectTarget, id: string, max: number): OpsError {
  return new OpsError(
    'output_too_large',
    `${id} on ${t.name} produced more than ${max} bytes of output and was stopped`,
  );
}

/** Keeps the end of stderr, where tools put the actual error. */
export function commandFailed(t: ConnectTarget, id: string, code: number, stderr: string): OpsError {
  const tail = stderr.trim().slice(-500);
  const how = code < 0 ? 'ended without an exit status' : `exited with code ${code}`;
  return new OpsError('command_failed', `${id} on ${t.name} ${how}${tail ? `: ${tail}` : ''}`);
}

export function aborted(t: ConnectTarget, id: string): OpsError {
  return new OpsError('cancelled', `${id} on ${t.name} was cancelled`);
}

/** A persistent reader session stopped making sense (bad framing, loop ended): it is dropped, not trusted. */
export function readerBroken(t: ConnectTarget, id: string, why: string): OpsError {
  return new OpsError('command_failed', `${id} on ${t.name} failed: the reader session broke (${why})`);
}
