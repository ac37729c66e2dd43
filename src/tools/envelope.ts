/** Builds result envelopes, so every tool and every failure looks the same to CLI, Slack and the model. */
import type { z } from 'zod';
import { describeError, errorCode } from '../core/errors.ts';
import { severityOf } from './severity.ts';
import type { Envelope, RunRecord, ToolDefinition, ToolRunResult } from './types.ts';

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
    error: { code: errorCode(e), message },
  };
}

/**
 * The data of an envelope `tool` produced, typed by the tool's declaration; undefined for an envelope of
 * another tool, a failed run, or no data. Consumers (runbooks, renderers) read results through this, not a cast.
 */
export function envelopeData<D>(
  env: Envelope,
  tool: Pick<ToolDefinition<z.ZodType, D>, 'name'>,
): D | undefined {
  if (env.tool !== tool.name || env.status === 'error' || env.data === null || env.data === undefined)
    return undefined;
  return env.data as D;
}
