/**
 * Config for the MCP server (`cloudops mcp`): who a stdio session acts as, which bearer tokens (by sha256
 * only) map to which Slack user, where approval cards go, and the HTTP listener's limits.
 */
import { z } from 'zod';

const slackUser = z.string().regex(/^[UW][A-Z0-9]{2,31}$/, 'a Slack user id (U…)');

export const mcpTokenSchema = z
  .object({
    user: slackUser,
    /** sha256 (hex) of the token; the token itself is never stored. `cloudops mcp token --user U…` makes one. */
    sha256: z.string().regex(/^[a-f0-9]{64}$/, 'the sha256 of the token, 64 lowercase hex digits'),
  })
  .strict();

export const mcpSchema = z
  .object({
    /** The person a stdio session (a desktop assistant on this machine) acts as. */
    stdioUser: slackUser.optional(),
    tokens: z.array(mcpTokenSchema).default([]),
    /** More `<sha256> <U…>` lines, one token a line (`#` comments), kept apart from the config. */
    tokensFile: z.string().optional(),
    /** Slack channel where approval cards for MCP requests are posted (the bot must be a member). */
    channel: z
      .string()
      .regex(/^[CG][A-Z0-9]{2,31}$/, 'a Slack channel id (C…)')
      .optional(),
    /** Characters of one tool result the client's model may read (cut with a "narrow your query" note). */
    maxResultChars: z.number().int().min(500).max(200_000).default(8000),
    http: z
      .object({
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8765),
        /** Browser origins allowed to call (exact `scheme://host[:port]`); a request with another Origin gets 403. */
        allowedOrigins: z.array(z.string().regex(/^https?:\/\/[^/\s]{1,253}$/)).default([]),
        maxBodyBytes: z
          .number()
          .int()
          .min(1024)
          .max(16 * 1024 * 1024)
          .default(256 * 1024),
      })
      .strict()
      .default({ host: '127.0.0.1', port: 8765, allowedOrigins: [], maxBodyBytes: 256 * 1024 }),
  })
  .strict();
export type McpConfig = z.infer<typeof mcpSchema>;
