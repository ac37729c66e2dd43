/** `cloudops tool <name> --help`: the tool's arguments as flags, read from the JSON Schema of its zod input. */
import { tr } from '../i18n/text.ts';
import { toolInputJsonSchema } from '../tools/registry.ts';
import type { Lang, ToolDefinition } from '../tools/types.ts';

interface Prop {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  anyOf?: Prop[];
}

/** `NAME`, `N`, `true|false` or `a|b|c`: what to type after the flag. */
function valueHint(p: Prop): string {
  if (p.enum) return p.enum.map(String).join('|');
  if (p.const !== undefined) return String(p.const);
  if (p.anyOf) return p.anyOf.map(valueHint).join('|');
  const t = Array.isArray(p.type) ? p.type.filter((x) => x !== 'null')[0] : p.type;
  if (t === 'integer' || t === 'number') return 'N';
  if (t === 'boolean') return 'true|false';
  if (t === 'array') return 'LIST';
  return 'TEXT';
}

function bounds(p: Prop): string | undefined {
  if (p.minimum !== undefined || p.maximum !== undefined) return `${p.minimum ?? ''}..${p.maximum ?? ''}`;
  if (p.maxLength !== undefined) return `≤${p.maxLength} chars`;
  return undefined;
}

export interface ToolFlag {
  flag: string;
  hint: string;
  required: boolean;
  text: string;
}

export function toolFlags(tool: ToolDefinition, lang: Lang): ToolFlag[] {
  const schema = toolInputJsonSchema(tool) as { properties?: Record<string, Prop>; required?: string[] };
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, p]) => {
    const notes = [
      required.has(name) ? tr(lang, 'required', '必須') : undefined,
      p.default !== undefined ? `${tr(lang, 'default', '既定')} ${JSON.stringify(p.default)}` : undefined,
      bounds(p),
    ].filter(Boolean);
    return {
      flag: `--${name}`,
      hint: valueHint(p),
      required: required.has(name),
      text: [p.description ?? '', notes.length ? `(${notes.join(', ')})` : ''].filter(Boolean).join(' '),
    };
  });
}

const RISK = {
  read: ['read-only: runs at once', '読み取りのみ: すぐ実行'],
  mutate: [
    'changes the cloud: needs one approval (cloudops request)',
    '変更あり: 承認 1 名が必要 (cloudops request)',
  ],
  destructive: [
    'destructive: needs two approvals (cloudops request)',
    '破壊的変更: 承認 2 名が必要 (cloudops request)',
  ],
} as const;

export function toolHelp(tool: ToolDefinition, lang: Lang): string {
  const flags = toolFlags(tool, lang);
  const left = flags.map((f) => `  ${f.flag} ${f.hint}`);
  const width = Math.min(40, Math.max(0, ...left.map((l) => l.length)) + 2);
  const risk = RISK[tool.risk];
  return [
    `usage: cloudops tool ${tool.name}${flags.map((f) => (f.required ? ` ${f.flag} ${f.hint}` : '')).join('')} [--env NAME] [--json] [--lang en|ja]`,
    '',
    tool.description,
    '',
    `${tr(lang, 'risk', 'リスク')}: ${tool.risk} — ${tr(lang, risk[0], risk[1])}`,
    '',
    flags.length ? tr(lang, 'arguments:', '引数:') : tr(lang, 'no arguments', '引数なし'),
    ...flags.map((f, i) => {
      const l = left[i]!;
      return l.length >= width ? `${l}\n${' '.repeat(width)}${f.text}` : `${l.padEnd(width)}${f.text}`;
    }),
  ].join('\n');
}
