/**
 * Loads operator-defined read-only tools from tools/*.yaml at start-up. Every error names the file and the
 * field; a tool that could write, or an argv placeholder without a typed parameter, stops the start.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { hostNameSchema } from '../../config/schema.ts';
import { OpsError, type OpsErrorCode } from '../../core/errors.ts';
import { commandFromTemplate } from '../../ssh/define-command.ts';
import type { CommandSpec } from '../../ssh/types.ts';
import { fanOut, findHost, hostsByRole, runRemote } from '../remote.ts';
import type { ToolDefinition } from '../types.ts';
import { checkReadOnlyArgv } from './read-only-policy.ts';
import { type YamlParam, type YamlToolSpec, yamlToolSchema } from './yaml-tool-schema.ts';

const PLACEHOLDER = /\{([a-z][a-z0-9_]{0,31})\}/g;

function paramZod(p: YamlParam): z.ZodType<string | number> {
  if (p.type === 'integer') {
    const n = z.number().int().min(p.min).max(p.max).describe(p.description);
    return p.default !== undefined ? n.default(p.default) : n;
  }
  const s =
    p.type === 'enum'
      ? z.enum(p.values as [string, ...string[]]).describe(p.description)
      : z
          .string()
          .max(p.maxLength)
          .regex(new RegExp(`^(?:${p.pattern})$`), `must match ${p.pattern}`)
          .describe(p.description);
  return p.default !== undefined ? (s as z.ZodType<string>).default(p.default) : s;
}

/** The checked command of a YAML tool and its parameters' zod types (what the tool validates and sends). */
export function buildYamlCommand(
  spec: YamlToolSpec,
  file: string,
): {
  command: CommandSpec<Record<string, string | number>>;
  params: Record<string, z.ZodType<string | number>>;
} {
  const template = [spec.program, ...spec.argv];
  const refused = checkReadOnlyArgv(template, false);
  if (refused) throw new OpsError('config_invalid', `${file}: program/argv: ${refused}`);
  for (const [i, el] of spec.argv.entries())
    for (const m of el.matchAll(PLACEHOLDER))
      if (!Object.hasOwn(spec.params, m[1]!))
        throw new OpsError(
          'config_invalid',
          `${file}: argv[${i}]: placeholder {${m[1]}} has no entry under params`,
        );
  const params = Object.fromEntries(Object.entries(spec.params).map(([k, p]) => [k, paramZod(p)]));
  let base: CommandSpec<Record<string, string | number>>;
  try {
    base = commandFromTemplate({
      id: `yaml.${spec.name}`,
      description: spec.description,
      argv: template,
      params,
      timeoutMs: spec.timeoutMs,
      okExitCodes: spec.okExitCodes,
    });
  } catch (e) {
    throw new OpsError('config_invalid', `${file}: ${(e as Error).message}`);
  }
  // The allow-list is checked again on the final argv: a substituted value must not turn a read into a write.
  const command: CommandSpec<Record<string, string | number>> = {
    ...base,
    argv(values) {
      const argv = base.argv(values);
      const why = checkReadOnlyArgv(argv, true);
      if (why) throw new OpsError('invalid_argument', `${spec.name}: ${why}`);
      return argv;
    },
  };
  return { command, params };
}

export function buildYamlTool(spec: YamlToolSpec, file: string): ToolDefinition {
  const { command, params } = buildYamlCommand(spec, file);
  const input = z
    .object({
      host: hostNameSchema.optional().describe(`one ${spec.target} host; all when omitted`),
      ...params,
    })
    .strict();

  return {
    name: spec.name,
    description: spec.description,
    input,
    risk: 'read',
    async run(values, ctx) {
      const { host, ...args } = values as { host?: string } & Record<string, string | number>;
      const hosts = host ? [findHost(ctx, host, spec.target)] : hostsByRole(ctx, spec.target);
      const outcomes = await fanOut(hosts, (h) => runRemote(ctx, h, command, args));
      const results = outcomes.map((o) =>
        o.ok
          ? { host: o.host.name, ok: true, stdout: o.value.stdout }
          : { host: o.host.name, ok: false, error: o.error },
      );
      const failed = outcomes.filter((o) => !o.ok);
      if (failed.length && failed.length === outcomes.length) {
        const first = failed[0]!;
        throw new OpsError(
          first.ok ? 'command_failed' : (first.code as OpsErrorCode),
          `${spec.name} failed on every ${spec.target} host: ${failed.map((o) => `${o.host.name}: ${o.ok ? '' : o.error}`).join('; ')}`,
        );
      }
      const summary = results
        .map((r) =>
          r.ok
            ? `[${r.host}]\n${(r.stdout ?? '').split('\n').slice(0, 40).join('\n')}`
            : `[${r.host}] error: ${r.error}`,
        )
        .join('\n');
      return {
        status: results.length ? 'ok' : 'no_data',
        data: { results },
        summary: summary || `no ${spec.target} hosts`,
        warnings: results.filter((r) => !r.ok).map((r) => `${r.host}: ${r.error}`),
      };
    },
  };
}

export async function loadYamlTools(dir: string): Promise<ToolDefinition[]> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const tools: ToolDefinition[] = [];
  for (const f of files) {
    const path = join(dir, f);
    let raw: unknown;
    try {
      raw = parse(await readFile(path, 'utf8'));
    } catch (e) {
      throw new OpsError('config_invalid', `${path}: not valid YAML: ${(e as Error).message.split('\n')[0]}`);
    }
    const r = yamlToolSchema.safeParse(raw);
    if (!r.success) {
      const lines = r.error.issues.map((i) => `${path}: ${i.path.join('.') || '(top)'}: ${i.message}`);
      throw new OpsError('config_invalid', lines.join('\n'));
    }
    tools.push(buildYamlTool(r.data, path));
  }
  return tools;
}
