/** Builds CommandSpecs with a fixed program and validated arguments, for the catalog and for operator YAML tools. */
import { z } from 'zod';
import { OpsError } from '../core/errors.ts';
import { noArgs } from './arg-patterns.ts';
import type { CommandSpec } from './types.ts';

/** A bare program name (found on PATH) or an absolute path; never a shell word with metacharacters. */
export const PROGRAM_PATTERN = /^(\/[A-Za-z0-9._/-]+|[A-Za-z0-9._-]+)$/;
const ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

export interface CommandDefinition<A> {
  id: string;
  description: string;
  /** argv[0], fixed at definition time so no argument value can choose the program. */
  program: string;
  schema: z.ZodType<A>;
  /** The arguments after the program, from already-validated input. */
  args(a: A): string[];
  timeoutMs?: number;
  okExitCodes?: number[];
  /** Opt in to the persistent reader session; only a command whose schema is `noArgs` may (see types.ts). */
  persistent?: true;
}

export function defineCommand<A>(def: CommandDefinition<A>): CommandSpec<A> {
  const where = `command "${def.id}"`;
  if (!ID_PATTERN.test(def.id)) throw new OpsError('config_invalid', `${where}: id must match ${ID_PATTERN}`);
  if (!PROGRAM_PATTERN.test(def.program) || def.program.startsWith('-') || def.program.includes('..')) {
    throw new OpsError(
      'config_invalid',
      `${where}: program "${def.program}" must be a bare name or an absolute path`,
    );
  }
  if (def.timeoutMs !== undefined && !(Number.isInteger(def.timeoutMs) && def.timeoutMs > 0)) {
    throw new OpsError('config_invalid', `${where}: timeoutMs must be a positive integer`);
  }
  for (const c of def.okExitCodes ?? []) {
    if (!Number.isInteger(c) || c < 0 || c > 255)
      throw new OpsError('config_invalid', `${where}: okExitCodes must be 0..255`);
  }
  const spec: CommandSpec<A> = {
    id: def.id,
    description: def.description,
    schema: def.schema,
    argv: (a) => [def.program, ...def.args(a)],
  };
  // A persistent command's argv becomes part of a constant remote program: it must not depend on any input.
  if (def.persistent && def.schema !== (noArgs as z.ZodType<unknown>))
    throw new OpsError(
      'config_invalid',
      `${where}: only a command without arguments (noArgs) may be persistent`,
    );
  if (def.persistent) spec.persistent = true;
  if (def.timeoutMs !== undefined) spec.timeoutMs = def.timeoutMs;
  if (def.okExitCodes) spec.okExitCodes = [...def.okExitCodes];
  return spec;
}

export interface TemplateDefinition {
  id: string;
  description: string;
  /** e.g. ["journalctl", "-u", "{unit}", "--since={since}"]; argv[0] must be literal. */
  argv: string[];
  /** One schema per placeholder; every placeholder must have one and every param must be used. */
  params: Record<string, z.ZodType<string | number>>;
  timeoutMs?: number;
  okExitCodes?: number[];
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const PLACEHOLDER_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Substitutes validated values into one argv element. An element that starts with a value must not start with
 * "-": whatever a parameter's pattern admits, a value never becomes an option (`--host=…`, `-f FILE`).
 * A value inside an element that starts with literal text (`--since={since}`) is that option's argument.
 */
function substitute(id: string, el: string, index: number, values: Record<string, string | number>): string {
  const out = el.replace(PLACEHOLDER, (_m, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : '',
  );
  if (el.startsWith('{') && out.startsWith('-') && !el.startsWith('-'))
    throw new OpsError(
      'invalid_argument',
      `${id}: argument ${index + 1} would start with "-" and be read as an option; a value may not begin with "-"`,
    );
  return out;
}

/**
 * For operator YAML tools: placeholders are substituted inside one argv element only, after zod validation,
 * and each element is quoted on its own later, so a value can never split into extra words.
 */
export function commandFromTemplate(def: TemplateDefinition): CommandSpec<Record<string, string | number>> {
  const [program, ...rest] = def.argv;
  if (program === undefined) throw new OpsError('config_invalid', `command "${def.id}": argv is empty`);
  if (program.includes('{'))
    throw new OpsError('config_invalid', `command "${def.id}": the program cannot be a placeholder`);
  const used = new Set(rest.flatMap((el) => [...el.matchAll(PLACEHOLDER)].map((m) => m[1] as string)));
  for (const name of used) {
    if (!Object.hasOwn(def.params, name))
      throw new OpsError('config_invalid', `command "${def.id}": placeholder {${name}} has no param`);
  }
  for (const name of Object.keys(def.params)) {
    if (!PLACEHOLDER_NAME.test(name))
      throw new OpsError('config_invalid', `command "${def.id}": param "${name}" is not a valid name`);
    if (!used.has(name))
      throw new OpsError('config_invalid', `command "${def.id}": param "${name}" is not used in argv`);
  }
  const schema = z.object(def.params).strict() as unknown as z.ZodType<Record<string, string | number>>;
  return defineCommand({
    id: def.id,
    description: def.description,
    program,
    schema,
    args: (a) => rest.map((el, i) => substitute(def.id, el, i, a)),
    ...(def.timeoutMs !== undefined ? { timeoutMs: def.timeoutMs } : {}),
    ...(def.okExitCodes ? { okExitCodes: def.okExitCodes } : {}),
  });
}
