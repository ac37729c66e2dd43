/** The one rule for a result's severity when the tool did not state it: failures and gaps are "could not check". */
import type { Envelope, EnvelopeStatus, ResultSeverity } from './types.ts';

export function deriveSeverity(status: EnvelopeStatus, warnings: readonly string[]): ResultSeverity {
  if (status === 'error' || status === 'no_data' || status === 'approval_required') return 'unknown';
  return warnings.length ? 'warning' : 'ok';
}

const RANK: Record<ResultSeverity, number> = { problem: 3, unknown: 2, warning: 1, ok: 0 };

/**
 * The envelope's severity. A tool's own verdict wins over `no_data` ("no OOM kills" is ok), but warnings
 * (hosts not checked) still raise it, and an error is always "could not check".
 */
export function severityOf(e: Pick<Envelope, 'status' | 'warnings' | 'severity'>): ResultSeverity {
  if (e.status === 'error') return 'unknown';
  if (!e.severity) return deriveSeverity(e.status, e.warnings);
  const floor: ResultSeverity = e.warnings.length ? 'warning' : 'ok';
  return RANK[e.severity] >= RANK[floor] ? e.severity : floor;
}
