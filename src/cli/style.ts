/**
 * Colour and symbols by the usual conventions (no-color.org, FORCE_COLOR): colour only on a terminal,
 * never with --no-color or a non-empty NO_COLOR, and forced by FORCE_COLOR (not "0") e.g. under a pager.
 */
import type { CliIo } from './io.ts';

export function colorWanted(io: CliIo, noColorFlag: boolean): boolean {
  if (noColorFlag || (io.env.NO_COLOR ?? '') !== '') return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  return io.outIsTty === true && io.env.TERM !== 'dumb';
}

const SGR = { red: 31, green: 32, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const;
export type Tone = keyof typeof SGR;

export const paint = (io: CliIo, tone: Tone, text: string): string =>
  io.color ? `\x1b[${SGR[tone]}m${text}\x1b[0m` : text;

/** Marks for a check's outcome; plain ASCII-safe words follow them so the meaning survives without colour. */
export const mark = {
  ok: (io: CliIo) => paint(io, 'green', '✓'),
  problem: (io: CliIo) => paint(io, 'red', '✗'),
  unreachable: (io: CliIo) => paint(io, 'yellow', '?'),
  note: (io: CliIo) => paint(io, 'dim', '-'),
};
