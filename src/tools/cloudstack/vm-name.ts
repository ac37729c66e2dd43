/**
 * What an operator may type as a VM: the CloudStack name, instance name, UUID — or a display name, which
 * CloudStack lets be Japanese or hold spaces (`ウェブ01`, `shop front 3`). A name only ever goes to the
 * CloudStack API as a parameter or is compared with API results; it never reaches a shell or an argv
 * (SSH commands use the instance name the API returned). Still, it is bounded before anything else,
 * NFC-normalised (so `ウェブ` typed with a combining mark equals the stored one), and refused when it
 * holds control, invisible or text-direction characters, which could make a card or log line lie.
 */
import { z } from 'zod';

/** Code points after normalisation (CloudStack's display name column is wider; 100 is plenty to type). */
export const VM_NAME_MAX = 100;
/** UTF-16 units before normalisation: a 10k paste is refused before NFC or any regex runs on it. */
const RAW_MAX = 400;

// Cc control (NUL, ESC…), Cf format (bidi overrides/isolates, zero-width, BOM), Cs/Co/Cn, line/para separators.
const HIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u;
// Starts with a letter or digit (never "-"), then letters of any script, marks, digits, space, . _ - ・
// One character class, no nesting: linear on any input.
const SHAPE = /^[\p{L}\p{N}][\p{L}\p{M}\p{N} ._・-]*$/u;

export const VM_NAME_RULE =
  'a VM name: letters (any script), digits, spaces, ".", "_", "-"; at most 100 characters';

/** Why `raw` is not a usable VM name, or undefined. Never echoes the input. */
export function vmNameProblem(raw: string): string | undefined {
  if (raw.length === 0) return 'a VM name cannot be empty';
  if (raw.length > RAW_MAX) return `a VM name is at most ${VM_NAME_MAX} characters`;
  if (HIDDEN.test(raw)) return 'a VM name cannot contain control, invisible or text-direction characters';
  const s = raw.normalize('NFC');
  if ([...s].length > VM_NAME_MAX) return `a VM name is at most ${VM_NAME_MAX} characters`;
  if (s.endsWith(' ')) return 'a VM name cannot end with a space';
  if (!SHAPE.test(s)) return `${VM_NAME_RULE}`;
  return undefined;
}

/** The name as it is matched against CloudStack (NFC). Only call on a name without a problem. */
export const normalizeVmName = (raw: string): string => raw.normalize('NFC');

/** The zod field every VM-taking tool uses; the parsed value is NFC, so the approval hash binds that. */
export const vmNameSchema = z
  .string()
  .superRefine((s, ctx) => {
    const problem = vmNameProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform(normalizeVmName)
  .describe('VM name, display name (any script, spaces allowed), instance name or UUID');

/** A rejected name as it may be shown back: clipped, hidden characters made visible as \u{…}. */
export function shownName(raw: string): string {
  const clipped = [...raw.slice(0, 200)].slice(0, 40);
  const out = clipped
    .map((c) => (HIDDEN.test(c) ? `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}` : c))
    .join('');
  return raw.length > 40 ? `${out}…` : out;
}
