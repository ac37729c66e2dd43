/**
 * Wires the real OpsService: per environment one SSH executor, one CloudStack client and an optional read-only
 * DB reader (created on first use and reused), one tool registry for every surface, and the runbook engine.
 */
import { userInfo } from 'node:os';
import type { Logger } from 'pino';
import { AUDIT_KEY_ENV, loadAuditKey } from '../approvals/audit-key.ts';
import { createAuditLog } from '../approvals/audit-log.ts';
import { createIntegrity } from '../approvals/integrity.ts';
import type { IsMember } from '../approvals/policy.ts';
import { policyFromConfig, raiseProblems } from '../approvals/policy-config.ts';
import { createApprovalService, type ManagedApprovalService } from '../approvals/service.ts';
import type { AuditLog } from '../approvals/types.ts';
import { createCloudStackClient } from '../cloudstack/client.ts';
import { capabilitiesSchema } from '../cloudstack/schemas.ts';
import { checkSetupFiles } from '../config/insecure-setup.ts';
import type { LoadedConfig } from '../config/load.ts';
import type { EnvironmentConfig } from '../config/schema.ts';
import { createCloudDbReader } from '../db/reader.ts';
import { defaultLang } from '../i18n/text.ts';
import { diagnose } from '../runbooks/engine.ts';
import type { Diagnosis } from '../runbooks/types.ts';
import { createSshExecutor } from '../ssh/executor.ts';
import type { BotStore } from '../store/audit-rows.ts';
import { storeConfigOrDefault } from '../store/default-path.ts';
import { openStore } from '../store/open-store.ts';
import { builtinTools } from '../tools/builtin.ts';
import type { ToolContext } from '../tools/context.ts';
import { errorEnvelope } from '../tools/envelope.ts';
import { ToolRegistry } from '../tools/registry.ts';
import type { Envelope, ToolDefinition } from '../tools/types.ts';
import { loadYamlTools } from '../tools/yaml/load-yaml-tools.ts';
import { describeError, errorCode, OpsError } from './errors.ts';
import type { OpsService, RunOptions } from './ops-service.ts';
import { redactSecrets } from './redact.ts';

type Doors = Pick<ToolContext, 'ssh' | 'api' | 'db'>;

export interface OpsServiceOptions {
  loaded: LoadedConfig;
  logger: Logger;
  /** Directory of operator YAML tools; defaults to config.toolsDir. */
  toolsDir?: string;
  /** The bot's state store; default: opened from config.store (SQLite file by default) and closed with the service. */
  store?: BotStore;
  /** Slack user-group membership for approval policy (the Slack surface supplies it). */
  isMember?: IsMember;
  /** Extra tools (tests); added after the built-in and YAML ones. */
  extraTools?: ToolDefinition[];
  /** Run-lease length for plan execution (tests shorten it to exercise crash recovery). */
  leaseMs?: number;
  /** Clock for approval expiry (tests). */
  now?: () => Date;
  /** Where CLOUDOPS_AUDIT_KEY is read from (default: the environment the config was loaded with). */
  env?: Record<string, string | undefined>;
}

export type WiredOpsService = OpsService & {
  registry: ToolRegistry;
  approvals: ManagedApprovalService;
  audit: AuditLog;
  store: BotStore;
};

export async function createOpsService(opts: OpsServiceOptions): Promise<WiredOpsService> {
  const { config, secrets } = opts.loaded;
  const unsafe = await checkSetupFiles(config);
  if (unsafe.length)
    throw new OpsError('config_invalid', unsafe.map((p) => `${opts.loaded.path}: ${p}`).join('\n'));
  for (const w of opts.loaded.warnings ?? []) opts.logger.warn(`insecure setup: ${w}`);
  // The config's own secrets never leave in a result, whatever a tool or host echoed back.
  const knownSecrets = [...secrets.values()].flatMap((s) => [
    s.apiKey,
    s.secretKey,
    s.dbPassword,
    s.sshPrivateKey,
  ]);
  // Outside the store: whoever can write the database cannot sign. Missing → reads only, said loudly.
  const auditKey = await loadAuditKey(
    config.auditKeyFile,
    opts.env ?? { [AUDIT_KEY_ENV]: opts.loaded.auditKeyEnv },
  );
  if (!auditKey.key) opts.logger.warn(`${opts.loaded.path}: ${auditKey.missing}`);
  const registry = new ToolRegistry(builtinTools());
  const toolsDir = opts.toolsDir ?? config.toolsDir;
  if (toolsDir) for (const t of await loadYamlTools(toolsDir)) registry.add(t);
  for (const t of opts.extraTools ?? []) registry.add(t);
  const badRaise = raiseProblems(config, (name) => registry.get(name)?.risk);
  if (badRaise.length)
    throw new OpsError('config_invalid', badRaise.map((p) => `${opts.loaded.path}: ${p}`).join('\n'));
  const store = opts.store ?? (await openStore(storeConfigOrDefault(config.store)));
  const integrity = createIntegrity(auditKey.key);
  if (auditKey.key) knownSecrets.push(auditKey.key.toString('utf8'));
  const audit = createAuditLog(store, { knownSecrets: () => knownSecrets, integrity });
  const doors = new Map<string, Doors>();
  const versions = new Map<string, Promise<string | undefined>>();

  const environment = (name?: string): EnvironmentConfig => {
    const wanted = name ?? config.defaultEnvironment ?? config.environments[0]!.name;
    const env = config.environments.find((e) => e.name === wanted);
    if (!env)
      throw new OpsError(
        'unknown_environment',
        `unknown environment "${wanted}" (known: ${config.environments.map((e) => e.name).join(', ')})`,
      );
    return env;
  };

  const doorsFor = (env: EnvironmentConfig): Doors => {
    let d = doors.get(env.name);
    if (!d) {
      const s = secrets.get(env.name);
      if (!s) throw new OpsError('config_invalid', `no API credentials resolved for environment ${env.name}`);
      d = {
        ssh: createSshExecutor({
          defaults: env.ssh,
          privateKey: s.sshPrivateKey,
          globalConcurrency: config.globalConcurrency,
          logger: opts.logger,
        }),
        api: createCloudStackClient({
          url: env.cloudstack.url,
          apiKey: s.apiKey,
          secretKey: s.secretKey,
          timeoutMs: env.cloudstack.timeoutMs,
          requestsPerSecond: env.cloudstack.requestsPerSecond,
          asyncJobTimeoutMs: env.cloudstack.asyncJobTimeoutMs,
          logger: opts.logger,
        }),
        db: env.database
          ? createCloudDbReader({
              url: env.database.url,
              password: s.dbPassword,
              queryTimeoutMs: env.database.queryTimeoutMs,
              logger: opts.logger,
            })
          : undefined,
      };
      doors.set(env.name, d);
    }
    return d;
  };

  const context = (env: EnvironmentConfig, o: RunOptions): Omit<ToolContext, 'record'> => ({
    env,
    ...doorsFor(env),
    logger: opts.logger,
    lang: o.lang ?? defaultLang(config.language),
    progress: o.progress ?? (() => {}),
    ...(o.hostProgress ? { hostProgress: o.hostProgress } : {}),
    signal: o.signal,
  });

  const runTool = async (name: string, input: unknown, o: RunOptions = {}): Promise<Envelope> => {
    let ctx: Omit<ToolContext, 'record'>;
    try {
      ctx = context(environment(o.env), o);
    } catch (e) {
      return errorEnvelope(name, e, [], Date.now());
    }
    const actor = o.actor ?? { user: `local:${localUser()}`, via: 'cli' as const };
    const env = redactSecrets(await registry.run(name, input, ctx), knownSecrets);
    await audit
      .append({
        actor: actor.user,
        via: actor.via,
        kind: 'tool_call',
        env: ctx.env.name,
        target: auditTarget(input),
        outcome: env.status,
        detail: {
          tool: name,
          input,
          ...(env.error ? { error: env.error.message } : {}),
          runs: env.runs.length,
        },
      })
      .catch((e) => opts.logger.error({ err: e, tool: name }, 'audit append failed'));
    return env;
  };

  const approvals = createApprovalService({
    store,
    audit,
    registry,
    policyFor: (env) => policyFromConfig(config, env),
    isMember: opts.isMember,
    contextFor: (env) => context(environment(env), {}),
    logger: opts.logger,
    leaseMs: opts.leaseMs,
    now: opts.now,
    ...(auditKey.key ? { auditKey: auditKey.key } : { mutationsOff: auditKey.missing }),
  });

  const cloudstackVersion = (env: EnvironmentConfig): Promise<string | undefined> => {
    let v = versions.get(env.name);
    if (!v) {
      v = doorsFor(env)
        .api.request('listCapabilities', {}, { schema: capabilitiesSchema })
        .then((r) => r.capability?.cloudstackversion?.replace(/-SNAPSHOT$/, ''))
        .catch(() => {
          // A transient API error must not disable version-fitted plans for the life of the bot.
          versions.delete(env.name);
          return undefined;
        });
      versions.set(env.name, v);
    }
    return v;
  };

  return {
    registry,
    approvals,
    audit,
    store,
    environments: () => config.environments.map((e) => ({ name: e.name, description: e.description })),
    tools: () => registry.list(),
    runTool,
    async diagnose(target: string, o: RunOptions = {}): Promise<Diagnosis> {
      const lang = o.lang ?? defaultLang(config.language);
      try {
        const env = environment(o.env);
        const d = await diagnose(target, {
          env,
          lang,
          runTool: (n, i) => runTool(n, i, { ...o, lang }),
          cloudstackVersion: () => cloudstackVersion(env),
        });
        return redactSecrets(d, knownSecrets);
      } catch (e) {
        return {
          target,
          lang,
          findings: [],
          envelopes: [],
          durationMs: 0,
          error: { code: errorCode(e), message: describeError(e) },
        };
      }
    },
    async close() {
      approvals.close();
      await Promise.all([...doors.values()].map(async (d) => Promise.all([d.ssh.close(), d.db?.close()])));
      doors.clear();
      if (!opts.store) await store.close();
    },
  };
}

/** The audit row's target: the VM or host a call is about, when its input names one. */
function auditTarget(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const o = input as Record<string, unknown>;
  for (const k of ['vm', 'host', 'target', 'name', 'cluster'])
    if (typeof o[k] === 'string') return (o[k] as string).slice(0, 191);
  return undefined;
}

function localUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
