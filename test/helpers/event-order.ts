/** One process-wide counter, so tests can order events across the fake Slack and the service double without clocks. */
let seq = 0;
export const nextSeq = (): number => ++seq;
