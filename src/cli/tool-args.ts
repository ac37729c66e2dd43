/** Turns `--vm web01 --lines 50` into a tool input, coercing numbers and booleans only where the schema wants them. */
import type { ToolDefinition } from '../tools/types.ts';

export function argsToInput(tool: ToolDefinition, pairs: Record<string, string>): Record<string, unknown> {
  const asStrings: Record<string, unknown> = { ...pairs };
  const first = tool.input.safeParse(asStrings);
  if (first.success) return asStrings;
  // Numbers and booleans typed on a command line arrive as strings: coerce only those whose string form the
  // schema refuses, so an out-of-range number is reported as such, not as "expected number, received string".
  const refused = new Set(first.error.issues.map((i) => String(i.path[0] ?? '')));
  const coerced: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(pairs)) {
    if (refused.has(k) && /^-?\d+(\.\d+)?$/.test(v)) coerced[k] = Number(v);
    else if (refused.has(k) && (v === 'true' || v === 'false')) coerced[k] = v === 'true';
    else coerced[k] = v;
  }
  return coerced;
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
