/** Config for the approval policy (global default and per environment) and the bot's own state store. */
import { z } from 'zod';

const slackIdSchema = z
  .string()
  .regex(/^[A-Z0-9]{2,32}$|^bot$/, 'a Slack user id (U…), user-group id (S…) or "bot"');

export const approvalsSchema = z
  .object({
    /** Who may request mutations (separate from who may read): Slack user ids and user-group ids. */
    requesters: z.array(slackIdSchema).default([]),
    approvers: z
      .object({
        mutate: z.array(slackIdSchema).default([]),
        destructive: z.array(slackIdSchema).default([]),
      })
      .strict()
      .default({ mutate: [], destructive: [] }),
    fourEyes: z.boolean().default(true),
    expiryMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(15),
    /** Raise a tool's risk class in this environment (never lower it). */
    raise: z.record(z.string(), z.enum(['mutate', 'destructive'])).default({}),
  })
  .strict();

export const storeSchema = z.discriminatedUnion('engine', [
  z.object({ engine: z.literal('sqlite'), path: z.string().min(1) }).strict(),
  z
    .object({
      engine: z.literal('mysql'),
      /** mysql://user@host:3306/cloudops_bot — the bot's OWN database, never CloudStack's. */
      url: z.string().min(1),
      passwordEnv: z.string().optional(),
    })
    .strict(),
]);
