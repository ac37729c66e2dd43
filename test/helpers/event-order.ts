/** One process-wide counter, so tests can order events across the fake Slack and the service double without clocks. */
let seq = 0;
export const nextSeq = (): number => ++seq;

/**
 * Resolves once `check()` holds, re-checking on each turn of the event loop's timer phase: for state that
 * emits no event of its own (a lab's request log, a file another process writes). Not a clock: nothing
 * asserts how long it took; the test's own timeout names a hang.
 */
export async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 10));
}
