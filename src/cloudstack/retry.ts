/**
 * When a failed call may be sent again: only reads (list*, query*, get*) and only for transient failures —
 * re-sending a mutation could stop or start a VM twice.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { CloudStackError, type CloudStackErrorCode } from './errors.ts';

export const isReadCommand = (command: string): boolean => /^(list|query|get)[A-Z]/.test(command);

export interface RetryPolicy {
  /** Total tries, first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A 429 asking to wait longer than this is not waited for. */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
};

/** Exponential with "equal jitter": half fixed, half random, so parallel clients do not retry in lockstep. */
export function backoffDelay(attempt: number, p: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>): number {
  const cap = Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** (attempt - 1));
  return cap / 2 + Math.random() * (cap / 2);
}

const isTransient = (e: CloudStackError): boolean =>
  e.code === 'timeout' ||
  e.code === 'host_unreachable' ||
  (e.httpStatus !== undefined && e.httpStatus >= 500);

/** How long to wait before the next try, or undefined when the error must surface now. */
function retryDelay(e: unknown, attempt: number, p: RetryPolicy): number | undefined {
  if (!(e instanceof CloudStackError) || attempt >= p.maxAttempts) return undefined;
  if (e.httpStatus === 429) {
    const ms = (e.retryAfterSec ?? p.baseDelayMs / 1000) * 1000;
    return ms <= p.maxRetryAfterMs ? ms : undefined;
  }
  return isTransient(e) ? backoffDelay(attempt, p) : undefined;
}

function withAttempts(e: unknown, attempts: number): unknown {
  if (!(e instanceof CloudStackError) || attempts < 2) return e;
  return new CloudStackError(e.code as CloudStackErrorCode, `${e.userMessage} (after ${attempts} tries)`, e);
}

export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  opts: {
    retryable: boolean;
    policy: RetryPolicy;
    signal?: AbortSignal;
    onRetry?: (e: unknown, attempt: number, delayMs: number) => void;
  },
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (e) {
      const delay = opts.retryable ? retryDelay(e, attempt, opts.policy) : undefined;
      if (delay === undefined) throw withAttempts(e, attempt);
      opts.onRetry?.(e, attempt, delay);
      await sleep(delay, undefined, { signal: opts.signal });
    }
  }
}
