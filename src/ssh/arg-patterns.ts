/** Tight shapes for every value that may reach a remote argv: a wrong character is refused here, before any I/O. */
import { z } from 'zod';

/** libvirt domain names as CloudStack makes them (i-2-34-VM) or operators name them; no leading dash = no option injection. */
export const domainNameArg = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/,
    'a libvirt domain name: letters, digits, ".", "_" or "-", not starting with "-"',
  );

/** DRBD resource names as in the config's storagePairs.drbdResources. */
export const drbdResourceArg = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a DRBD resource name: up to 64 letters, digits, "_", "." or "-"')
  .refine((s) => !s.startsWith('-'), 'a DRBD resource name must not start with "-"');

// Date, optional time (space or "T"), optional zone: what journalctl's parser (systemd.time(7)) accepts.
const SINCE_ABSOLUTE = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;
const SINCE_RELATIVE = /^-\d{1,4}[hmd]$/;

/**
 * A journalctl --since value: `YYYY-MM-DD[ HH:MM[:SS]]`, ISO-8601, or relative `-24h`/`-30m`/`-2d`.
 * The relative form starts with "-" but is safe: --since takes the next argv element whatever it looks like.
 */
export const sinceArg = z
  .string()
  .refine(
    (s) => SINCE_ABSOLUTE.test(s) || SINCE_RELATIVE.test(s),
    'a time as "YYYY-MM-DD HH:MM:SS", ISO-8601 (2026-11-24T03:00:00Z) or relative like "-24h", "-30m", "-2d"',
  );

/** Line counts for tail: bounded so one call cannot pull a whole log. */
export const tailLinesArg = z.number().int().min(1).max(5000);

export const noArgs = z.object({}).strict();
