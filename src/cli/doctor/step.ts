/**
 * One line of `cloudops doctor`: what was checked, how it went, and for a failure exactly what to fix.
 * `problem` = found something wrong (exit 1), `unreachable` = could not check (exit 3), `note` = not checked
 * on purpose (not configured) or worth knowing; neither a note nor ok changes the exit code.
 */
import { EXIT, type ExitCode } from '../exit-codes.ts';

export type StepStatus = 'ok' | 'problem' | 'unreachable' | 'note';

export interface DoctorStep {
  /** Short subject: "config", "API", "ssh kvm01", "database", "slack". */
  title: string;
  status: StepStatus;
  detail: string;
  /** What to do about it, for problem and unreachable steps. */
  fix?: string;
}

/** A problem found beats "could not check", as for every other command. */
export function exitForSteps(steps: readonly DoctorStep[]): ExitCode {
  if (steps.some((s) => s.status === 'problem')) return EXIT.problem;
  if (steps.some((s) => s.status === 'unreachable')) return EXIT.incomplete;
  return EXIT.ok;
}

/** Runs `fn` over `items` with at most `limit` at once, keeping order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (x: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
