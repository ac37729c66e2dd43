/**
 * Exit codes scripts and cron can rely on (documented in README): 0 no problem found, 1 a problem found
 * (a warning counts: it is something an operator should look at), 2 usage or config error, 3 could not
 * complete (host or API unreachable, a check failed). A problem found beats "could not complete".
 */
import { isOpsError } from '../core/errors.ts';
import type { Diagnosis } from '../runbooks/types.ts';
import { severityOf } from '../tools/severity.ts';
import type { Envelope } from '../tools/types.ts';

export const EXIT = { ok: 0, problem: 1, usage: 2, incomplete: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Error codes that mean the operator asked for something wrong (fix the command or the config). */
const USAGE_CODES = new Set([
  'config_invalid',
  'invalid_argument',
  'unknown_vm',
  'unknown_host',
  'unknown_environment',
  'unknown_tool',
  'not_allowed',
]);

export function exitForErrorCode(code: string | undefined): ExitCode {
  return code !== undefined && USAGE_CODES.has(code) ? EXIT.usage : EXIT.incomplete;
}

/** Any thrown error: OpsErrors by code, node:util parseArgs errors are usage, anything else could not complete. */
export function exitForError(e: unknown): ExitCode {
  if (isOpsError(e)) return exitForErrorCode(e.code);
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) return EXIT.usage;
  return EXIT.incomplete;
}

/** A tool result: its severity, and "could not complete" when the tool or any remote call it made failed. */
export function exitForEnvelope(env: Envelope): ExitCode {
  if (env.status === 'error') return exitForErrorCode(env.error?.code);
  if (env.status === 'approval_required') return EXIT.usage;
  const sev = severityOf(env);
  if (sev === 'problem') return EXIT.problem;
  if (sev === 'unknown' || env.runs.some((r) => !r.ok)) return EXIT.incomplete;
  return sev === 'warning' ? EXIT.problem : EXIT.ok;
}

/** A diagnosis: a warning or critical finding is a problem; checks that failed make it incomplete. */
export function exitForDiagnosis(d: Diagnosis): ExitCode {
  if (d.error) return exitForErrorCode(d.error.code);
  if (d.findings.some((f) => f.severity === 'warning' || f.severity === 'critical')) return EXIT.problem;
  if (d.incomplete?.length) return EXIT.incomplete;
  return EXIT.ok;
}
