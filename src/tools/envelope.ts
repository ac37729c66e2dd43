/** Builds result envelopes, so every tool and every failure looks the same to CLI, Slack and the model. */
import { describeError, isOpsError } from '../core/errors.ts';
import type { Envelope, RunRecord, ToolRunResult } from './types.ts';

export function okEnvelope<D>(
  tool: string,
  r: ToolRunResult<D>,
  runs: RunRecord[],
  started: number,
): Envelope<D> {
  return {
    tool,
    status: r.status ?? 'ok',
    data: r.data,
    summary: r.summary,
    warnings: r.warnings ?? [],
    runs,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
  };
}

export function errorEnvelope(tool: string, e: unknown, runs: RunRecord[], started: number): Envelope<null> {
  const message = describeError(e);
  return {
    tool,
    status: 'error',
    data: null,
    summary: `${tool} failed: ${message}`,
    warnings: [],
    runs,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    error: { code: isOpsError(e) ? e.code : 'internal', message },
  };
}
