/**
 * Wires the real OpsService: per environment one SSH executor, one CloudStack client and an optional read-only
 * DB reader (created on first use and reused), one tool registry for every surface, and the runbook engine.
 */
import type { Logger } from 'pino';
import { createCloudStackClient } from '../cloudstack/client.ts';
import { capabilitiesSchema } from '../cloudstack/schemas.ts';
import type { LoadedConfig } from '../config/load.ts';
import type { EnvironmentConfig } from '../config/schema.ts';
import { createCloudDbReader } from '../db/reader.ts';
import { defaultLang } from '../i18n/text.ts';
import { diagnose } from '../runbooks/engine.ts';
import type { Diagnosis } from '../runbooks/types.ts';
import { createSshExecutor } from '../ssh/executor.ts';
import { builtinTools } from '../tools/builtin.ts';
import type { ToolContext } from '../tools/context.ts';
import { errorEnvelope } from '../tools/envelope.ts';
import { ToolRegistry } from '../tools/registry.ts';
import type { Envelope } from '../tools/types.ts';
import { loadYamlTools } from '../tools/yaml/load-yaml-tools.ts';
import { describeError, errorCode, OpsError } from './errors.ts';
import type { OpsService, RunOptions } from './ops-service.ts';

type Doors = Pick<ToolContext, 'ssh' | 'api' | 'db'>;

export interface OpsServiceOptions {
  loaded: LoadedConfig;
  logger: Logger;
  /** Directory of operator YAML tools; defaults to config.toolsDir. */
  toolsDir?: string;
}

export async function createOpsService(
  opts: OpsServiceOptions,
): Promise<OpsService & { registry: ToolRegistry }> {
  const { config, secrets } = opts.loaded;
  const registry = new ToolRegistry(builtinTools());
  const toolsDir = opts.toolsDir ?? config.toolsDir;
  if (toolsDir) for (const t of await loadYamlTools(toolsDir)) registry.add(t);
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
    signal: o.signal,
  });

  const runTool = async (name: string, input: unknown, o: RunOptions = {}): Promise<Envelope> => {
    let ctx: Omit<ToolContext, 'record'>;
    try {
      ctx = context(environment(o.env), o);
    } catch (e) {
      return errorEnvelope(name, e, [], Date.now());
    }
    return registry.run(name, input, ctx);
  };

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
    environments: () => config.environments.map((e) => ({ name: e.name, description: e.description })),
    tools: () => registry.list(),
    runTool,
    async diagnose(target: string, o: RunOptions = {}): Promise<Diagnosis> {
      const lang = o.lang ?? defaultLang(config.language);
      try {
        const env = environment(o.env);
        return await diagnose(target, {
          env,
          lang,
          runTool: (n, i) => runTool(n, i, { ...o, lang }),
          cloudstackVersion: () => cloudstackVersion(env),
        });
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
      await Promise.all([...doors.values()].map(async (d) => Promise.all([d.ssh.close(), d.db?.close()])));
      doors.clear();
    },
  };
}
