/** Turns `--vm web01 --lines 50` into a tool input, coercing numbers and booleans only where the schema wants them. */
import type { ToolDefinition } from '../tools/types.ts';

export function argsToInput(tool: ToolDefinition, pairs: Record<string, string>): Record<string, unknown> {
  const asStrings: Record<string, unknown> = { ...pairs };
  if (tool.input.safeParse(asStrings).success) return asStrings;
  const coerced: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(pairs)) {
    if (/^-?\d+(\.\d+)?$/.test(v) && !tool.input.safeParse({ ...asStrings, [k]: v }).success)
      coerced[k] = Number(v);
    else if (v === 'true' || v === 'false') coerced[k] = v === 'true';
    else coerced[k] = v;
  }
  // Keep the coerced form only if it validates better; the registry reports the remaining errors.
  return tool.input.safeParse(coerced).success ? coerced : asStrings;
}

/** Splits `--key value` / `--key=value` pairs after the tool name; flags the CLI itself owns are removed first. */
export function parsePairs(argv: string[]): { pairs: Record<string, string>; rest: string[] } {
  const pairs: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) pairs[a.slice(2, eq)] = a.slice(eq + 1);
      else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) pairs[a.slice(2)] = argv[++i]!;
      else pairs[a.slice(2)] = 'true';
    } else rest.push(a);
  }
  return { pairs, rest };
}
