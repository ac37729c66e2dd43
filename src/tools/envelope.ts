/** Builds result envelopes, so every tool and every failure looks the same to CLI, Slack and the model. */
import { describeError, isOpsError } from '../core/errors.ts';
import { severityOf } from './severity.ts';
import type { Envelope, RunRecord, ToolRunResult } from './types.ts';

export function okEnvelope<D>(
  tool: string,
  r: ToolRunResult<D>,
  runs: RunRecord[],
  started: number,
): Envelope<D> {
  const status = r.status ?? 'ok';
  const warnings = r.warnings ?? [];
  return {
    tool,
    status,
    severity: severityOf({ status, warnings, ...(r.severity ? { severity: r.severity } : {}) }),
    data: r.data,
    summary: r.summary,
    warnings,
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
    severity: 'unknown',
    data: null,
    summary: `${tool} failed: ${message}`,
    warnings: [],
    runs,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    error: { code: isOpsError(e) ? e.code : 'internal', message },
  };
}
