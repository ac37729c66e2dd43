/** The `watches:` section of an environment and the top-level `intake:` section (alert webhooks). */
import { z } from 'zod';

export const watchKindSchema = z.enum([
  'memory',
  'drbd',
  'pacemaker',
  'oom',
  'capacity',
  'management-log',
  'cloudstack',
]);
export type WatchKind = z.infer<typeof watchKindSchema>;

const slackChannel = z.string().regex(/^[A-Z0-9]{2,30}$/, 'a Slack channel id such as C0123ABCD');

export const watchCheckSchema = z
  .object({
    kind: watchKindSchema,
    /** Seconds between two runs of this check. */
    intervalSeconds: z.number().positive().max(86_400),
    /** capacity: percent of memory allocated that is a warning / a problem. */
    warnPercent: z.number().min(1).max(1000).default(80),
    problemPercent: z.number().min(1).max(1000).default(90),
  })
  .strict();
export type WatchCheck = z.infer<typeof watchCheckSchema>;

export const watchesSchema = z
  .object({
    /** Where new, worse and resolved problems are posted. */
    channel: slackChannel,
    /** A changed state must be seen this many checks in a row before it is announced (flapping held back)… */
    holdChecks: z.number().int().min(1).max(100).default(2),
    /** …or have lasted this many minutes (0 = only the count). */
    holdMinutes: z.number().min(0).max(1440).default(0),
    /** Time zone of "resolved at 04:12" (IANA name). */
    timeZone: z.string().min(1).max(64).default('UTC'),
    language: z.enum(['en', 'ja']).optional(),
    checks: z.array(watchCheckSchema).default([]),
  })
  .strict();
export type WatchesConfig = z.infer<typeof watchesSchema>;

export const intakeSchema = z
  .object({
    /** A separate small HTTP server in the bot process (Socket Mode and HTTP mode alike). */
    port: z.number().int().min(0).max(65535).default(9095),
    host: z.string().min(1).default('127.0.0.1'),
    /** Env var holding the shared secret (bearer token, or the HMAC-SHA256 key). */
    secretEnv: z.string().min(1).default('CLOUDOPS_INTAKE_SECRET'),
    maxBodyBytes: z
      .number()
      .int()
      .positive()
      .max(16 * 1024 * 1024)
      .default(1024 * 1024),
    /** Channel for alerts; default: the environment's watches channel. */
    channel: slackChannel.optional(),
    /** Environment alerts belong to when their labels do not say (label `env` / `environment`). */
    environment: z.string().optional(),
  })
  .strict();
export type IntakeConfig = z.infer<typeof intakeSchema>;
