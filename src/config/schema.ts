/** The one config file's shape: several environments, each with its API, optional read-only DB and an SSH inventory. */
import { z } from 'zod';
import { approvalsSchema, storeSchema } from './approvals-schema.ts';
import { mcpSchema } from './mcp-schema.ts';
import { intakeSchema, watchesSchema } from './watch-schema.ts';

/** Host names become SSH targets and Slack-visible labels: keep them to DNS-ish characters. */
export const hostNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'a host name of letters, digits, ".", "_" or "-"');

export const hostRoleSchema = z.enum(['kvm', 'storage', 'management', 'guest']);
export type HostRole = z.infer<typeof hostRoleSchema>;

/** How a host's SSH key is pinned: OpenSSH `SHA256:` fingerprints and/or a known_hosts file. */
export const hostKeyPinSchema = z
  .string()
  .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'a fingerprint as `ssh-keygen -lf` prints it, e.g. SHA256:abc…');

export const sshDefaultsSchema = z
  .object({
    user: z.string().min(1).default('root'),
    port: z.number().int().min(1).max(65535).default(22),
    /** Path to a private key file; or name an env var holding the key with privateKeyEnv. */
    privateKeyPath: z.string().optional(),
    privateKeyEnv: z.string().optional(),
    knownHostsFile: z.string().optional(),
    connectTimeoutMs: z.number().int().positive().default(5000),
    commandTimeoutMs: z.number().int().positive().default(15000),
    keepaliveIntervalMs: z.number().int().nonnegative().default(10000),
    /** How long a pooled connection may sit unused: audits minutes apart then reuse it (keepalive detects loss). */
    idleConnectionMs: z
      .number()
      .int()
      .nonnegative()
      .default(15 * 60_000),
    maxOutputBytes: z
      .number()
      .int()
      .positive()
      .default(4 * 1024 * 1024),
    perHostConcurrency: z.number().int().positive().default(4),
    /**
     * Keep one long-lived reader channel per pooled connection for declared no-argument reads (virsh domstats,
     * /proc/meminfo…), so a warm sweep opens no SSH session. Hosts that refuse the program fall back to exec.
     */
    persistentSession: z.boolean().default(true),
  })
  .strict();
export type SshDefaults = z.infer<typeof sshDefaultsSchema>;

export const inventoryHostSchema = z
  .object({
    name: hostNameSchema,
    /** Address to connect to; defaults to name. */
    address: z.string().min(1).optional(),
    port: z.number().int().min(1).max(65535).optional(),
    role: hostRoleSchema,
    /** CloudStack cluster name (kvm hosts), so findings can be tied to cluster-scoped settings. */
    cluster: z.string().optional(),
    user: z.string().optional(),
    hostKeys: z.array(hostKeyPinSchema).default([]),
    /** Guests: the CloudStack instance (VM) name this SSH target is. */
    vm: z.string().optional(),
  })
  .strict();
export type InventoryHost = z.infer<typeof inventoryHostSchema>;

export const storagePairSchema = z
  .object({
    name: hostNameSchema,
    nodes: z.tuple([hostNameSchema, hostNameSchema]),
    drbdResources: z.array(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/)).default([]),
    drbdVersion: z.union([z.literal(8), z.literal(9)]).default(9),
  })
  .strict();
export type StoragePair = z.infer<typeof storagePairSchema>;

export const cloudstackApiSchema = z
  .object({
    url: z.url(),
    apiKey: z.string().optional(),
    /** Secrets come from the environment, never from the file: name the variables. */
    apiKeyEnv: z.string().optional(),
    secretKeyEnv: z.string().optional(),
    secretKey: z.string().optional(),
    /** Alternatively read url/apikey/secretkey from a cloudmonkey config file and profile. */
    cloudmonkeyConfig: z.string().optional(),
    cloudmonkeyProfile: z.string().optional(),
    timeoutMs: z.number().int().positive().default(15000),
    /** An http:// url is refused unless this is set (the lab's loopback API); then it is logged as a warning. */
    allowPlainHttp: z.boolean().default(false),
    requestsPerSecond: z.number().positive().default(10),
    asyncJobTimeoutMs: z.number().int().positive().default(600000),
  })
  .strict();

export const databaseSchema = z
  .object({
    /** mysql://user@host:port/cloud — password via passwordEnv. Use a read-only user. */
    url: z.string().min(1),
    passwordEnv: z.string().optional(),
    queryTimeoutMs: z.number().int().positive().default(10000),
  })
  .strict();

export const environmentSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
    description: z.string().optional(),
    cloudstack: cloudstackApiSchema,
    database: databaseSchema.optional(),
    ssh: sshDefaultsSchema.default(sshDefaultsSchema.parse({})),
    hosts: z.array(inventoryHostSchema).default([]),
    storagePairs: z.array(storagePairSchema).default([]),
    /** Replaces the top-level `approvals` for this environment. */
    approvals: approvalsSchema.optional(),
    /** Periodic read-only checks posted on change (src/watch). */
    watches: watchesSchema.optional(),
  })
  .strict();
export type EnvironmentConfig = z.infer<typeof environmentSchema>;

export const slackSchema = z
  .object({
    allowedChannels: z.array(z.string()).default([]),
    allowedUsers: z.array(z.string()).default([]),
    allowedUserGroups: z.array(z.string()).default([]),
    approvers: z.array(z.string()).default([]),
    /** With all three lists empty nobody may use the bot, unless this is set (labs, demos). */
    allowAll: z.boolean().default(false),
  })
  .strict();

export const llmSchema = z
  .object({
    baseURL: z.url(),
    model: z.string().min(1),
    apiKeyEnv: z.string().default('OPENAI_API_KEY'),
    timeoutMs: z.number().int().positive().default(60000),
    maxSteps: z.number().int().positive().default(8),
  })
  .strict();

export const configSchema = z
  .object({
    language: z.enum(['en', 'ja']).optional(),
    defaultEnvironment: z.string().optional(),
    environments: z.array(environmentSchema).min(1),
    slack: slackSchema.default(slackSchema.parse({})),
    llm: llmSchema.optional(),
    /** Directory of operator-defined read-only tools (tools/*.yaml). */
    toolsDir: z.string().optional(),
    globalConcurrency: z.number().int().positive().default(64),
    /** Approval policy for every environment without its own. Absent: no mutation can be requested. */
    approvals: approvalsSchema.optional(),
    /** The bot's own state (approvals, audit, conversations). Default: SQLite under $XDG_STATE_HOME/cloudops. */
    store: storeSchema.optional(),
    /**
     * File (mode 0600, outside the store) holding the HMAC key that signs requests, approvals and audit rows;
     * CLOUDOPS_AUDIT_KEY overrides it. Without either, mutations are refused (reads keep working).
     */
    auditKeyFile: z.string().min(1).max(4096).optional(),
    /** The MCP server (`cloudops mcp`): identities, tokens, approval channel. */
    mcp: mcpSchema.optional(),
    /** Alertmanager / Zabbix webhooks (src/intake). */
    intake: intakeSchema.optional(),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const names = new Set<string>();
    for (const [i, env] of cfg.environments.entries()) {
      if (names.has(env.name))
        ctx.addIssue({
          code: 'custom',
          path: ['environments', i, 'name'],
          message: `duplicate environment "${env.name}"`,
        });
      names.add(env.name);
      const hosts = new Set(env.hosts.map((h) => h.name));
      for (const [j, pair] of env.storagePairs.entries()) {
        for (const node of pair.nodes) {
          if (!hosts.has(node))
            ctx.addIssue({
              code: 'custom',
              path: ['environments', i, 'storagePairs', j, 'nodes'],
              message: `node "${node}" is not in hosts`,
            });
        }
      }
    }
    if (cfg.defaultEnvironment && !names.has(cfg.defaultEnvironment))
      ctx.addIssue({
        code: 'custom',
        path: ['defaultEnvironment'],
        message: `no environment named "${cfg.defaultEnvironment}"`,
      });
  });
export type Config = z.infer<typeof configSchema>;
