/**
 * Pure parser for `/cloudops …` text. Only `diagnose` keeps free text; every other argument must match a
 * strict name pattern here, so nothing a user typed reaches a tool unless it already looks like a name.
 */

import { hostNameSchema } from '../config/schema.ts';
import { MAX_REQUEST_CHARS, oversize } from '../core/input-limit.ts';
import { lookupTable } from '../core/lookup-table.ts';
import { normalizeVmName } from '../tools/cloudstack/vm-name.ts';
import {
  type AuditLogCommand,
  MUTATION_USAGE,
  type MutationCommand,
  parseAuditLog,
  parseConfigSet,
  parseVmAction,
  VM_ACTIONS,
  vmArgProblem,
} from './command-parse-mutations.ts';

export type SlashCommand =
  | { kind: 'help'; unknown?: string }
  | { kind: 'envs' }
  | { kind: 'tool'; tool: string; input: Record<string, string>; env?: string; label: string }
  | { kind: 'diagnose'; text: string }
  /** A question for the assistant (the runbook engine when no model is configured). */
  | { kind: 'ask'; text: string }
  | MutationCommand
  | AuditLogCommand
  | { kind: 'invalid'; arg: string; value?: string; expected: string; usage: string };

export interface ParsedCommand {
  command: SlashCommand;
  /** A trailing `private` / `--private` word: deliver results ephemerally. */
  private: boolean;
}

const ENV = /^[A-Za-z0-9_-]{1,40}$/;
const QUERY = /^[A-Za-z0-9._-]{2,128}$/;
const SINCE = /^-?(\d{1,4}[hmd]|\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?)$/;
const isName = (s: string): boolean => hostNameSchema.safeParse(s).success;

export const USAGE: Readonly<Record<string, string>> = lookupTable({
  audit: 'audit memory [env]',
  vm: 'vm <name> memory',
  host: 'host <name> memory',
  config: 'config <name|keyword> [env]',
  drbd: 'drbd [pair]',
  cluster: 'cluster [pair]',
  oom: 'oom <host> [since]',
  capacity: 'capacity [cluster]',
  log: 'log [text]',
  diagnose: 'diagnose <vm|host|free text>',
  ask: 'ask <question>',
  envs: 'envs',
  ...MUTATION_USAGE,
});

/** Slack may auto-link a dotted host name as <http://a.b|a.b>; the operator meant the label. */
const unlink = (w: string): string => /^<(?:https?:\/\/|mailto:)[^|>]*\|([^>]+)>$/.exec(w)?.[1] ?? w;

function check(
  sub: string,
  arg: string,
  value: string | undefined,
  ok: (s: string) => boolean,
  expected: string,
) {
  if (value === undefined) return { kind: 'invalid', arg, expected, usage: USAGE[sub] ?? sub } as const;
  return ok(value)
    ? undefined
    : ({ kind: 'invalid', arg, value, expected, usage: USAGE[sub] ?? sub } as const);
}

const NAME = 'letters, digits, ".", "_" or "-"';

const OPEN_QUOTE = new Map([
  ['"', '"'],
  ['“', '”'],
  ['「', '」'],
]);

/**
 * Words of the command, where a quoted run ("shop front 3", “…”, 「…」 — Slack turns " into “ ”) is one
 * word, so a display name with spaces can be named. One linear pass; an unclosed quote runs to the end.
 */
export function splitWords(raw: string): string[] {
  const out: string[] = [];
  let cur = '';
  let close: string | undefined;
  let quoted = false;
  for (const ch of raw) {
    if (close !== undefined) {
      if (ch === close) close = undefined;
      else cur += ch;
    } else if (/\s/.test(ch)) {
      if (cur || quoted) out.push(cur);
      cur = '';
      quoted = false;
    } else if (cur === '' && !quoted && OPEN_QUOTE.has(ch)) {
      close = OPEN_QUOTE.get(ch);
      quoted = true;
    } else cur += ch;
  }
  if (cur || quoted) out.push(cur);
  return out;
}

/** What an over-long request parses to: refused before any other parsing, with the limit in the message. */
export function tooLongCommand(length: number): ParsedCommand {
  return {
    command: {
      kind: 'invalid',
      arg: 'request',
      value: `${length} characters`,
      expected: `at most ${MAX_REQUEST_CHARS} characters (quote only the key log lines)`,
      usage: USAGE.diagnose!,
    },
    private: false,
  };
}

/** True when a parse result is the over-long refusal, so callers do not fall back to free text. */
export const isTooLong = (p: ParsedCommand): boolean =>
  p.command.kind === 'invalid' && p.command.arg === 'request';

/** The words of one request, after Slack's auto-links are undone and a trailing `private` is cut off. */
interface Words {
  sub: string;
  /** All words, the subcommand first. */
  all: string[];
  a: string | undefined;
  b: string | undefined;
  rest: string[];
  /** The request as typed (free text keeps its spacing), and whether a trailing `private` word was cut. */
  raw: string;
  rawWords: string[];
  isPrivate: boolean;
}

const tool = (t: string, input: Record<string, string>, label: string, env?: string): SlashCommand =>
  env === undefined ? { kind: 'tool', tool: t, input, label } : { kind: 'tool', tool: t, input, label, env };
const tooMany = (w: Words, n: number): boolean => w.all.length > n;
const theWordMemory = (usage: string): SlashCommand => ({
  kind: 'invalid',
  arg: 'memory',
  expected: 'the word "memory"',
  usage,
});

function auditCommand(w: Words): SlashCommand {
  const { a, b } = w;
  if (a?.toLowerCase() !== 'memory') return parseAuditLog(w.all.slice(1));
  if (tooMany(w, 3)) return theWordMemory(USAGE.audit!);
  return (
    (b === undefined ? undefined : check('audit', 'env', b, (s) => ENV.test(s), NAME)) ??
    tool('fleet_memory_audit', {}, 'audit memory', b)
  );
}

function vmOrHostCommand(w: Words): SlashCommand {
  const { sub, a, b } = w;
  // `vm stop web01` asks for a change: it becomes an approval request, never "Missing memory".
  if (sub === 'vm' && a !== undefined && VM_ACTIONS.has(a.toLowerCase()))
    return parseVmAction(w.all.slice(1));
  const bad = sub === 'vm' ? vmArgProblem(a, USAGE.vm!) : check(sub, sub, a, isName, NAME);
  if (bad) return bad;
  if ((b !== undefined && b.toLowerCase() !== 'memory') || tooMany(w, 3)) return theWordMemory(USAGE[sub]!);
  if (sub !== 'vm') return tool('host_memory', { host: a! }, `host ${a} memory`);
  const vm = normalizeVmName(a!);
  return tool('vm_memory', { vm }, `vm ${vm} memory`);
}

function configCommand(w: Words): SlashCommand {
  const { a, b } = w;
  if (a?.toLowerCase() === 'set') return parseConfigSet(w.all.slice(2));
  const bad =
    check('config', 'name', a, (s) => QUERY.test(s), NAME) ??
    (b === undefined ? undefined : check('config', 'env', b, (s) => ENV.test(s), NAME));
  if (bad) return bad;
  if (tooMany(w, 3))
    return { kind: 'invalid', arg: 'env', expected: 'at most one environment', usage: USAGE.config! };
  return tool('cloudstack_setting', { query: a! }, `config ${a}`, b);
}

/** drbd, cluster (pacemaker) and capacity: one optional name. */
function storageOrCapacityCommand(w: Words): SlashCommand {
  const { sub, a } = w;
  const key = sub === 'capacity' ? 'cluster' : 'pair';
  const usage = sub === 'pacemaker' ? 'cluster' : sub;
  const bad = a === undefined ? undefined : check(usage, key, a, isName, NAME);
  if (bad) return bad;
  if (tooMany(w, 2))
    return { kind: 'invalid', arg: key, expected: `at most one ${key}`, usage: USAGE[usage]! };
  const name = sub === 'drbd' ? 'drbd_status' : sub === 'capacity' ? 'capacity' : 'pacemaker_status';
  return tool(name, a === undefined ? {} : { [key]: a }, a === undefined ? usage : `${usage} ${a}`);
}

function oomCommand(w: Words): SlashCommand {
  const { a, b } = w;
  const bad =
    check('oom', 'host', a, isName, NAME) ??
    (b === undefined
      ? undefined
      : check('oom', 'since', b, (s) => SINCE.test(s), 'a time like 24h, 7d or 2026-11-24'));
  if (bad) return bad;
  if (w.rest.length) return { kind: 'invalid', arg: 'since', expected: 'one time value', usage: USAGE.oom! };
  // "24h" reads naturally; journalctl wants the relative form "-24h".
  const since = b === undefined ? undefined : /^\d/.test(b) && /[hmd]$/.test(b) ? `-${b}` : b;
  return tool(
    'oom_kills',
    since === undefined ? { target: a! } : { target: a!, since },
    `oom ${a}${b ? ` ${b}` : ''}`,
  );
}

function logCommand(w: Words): SlashCommand {
  const { a } = w;
  const bad =
    a === undefined
      ? undefined
      : check('log', 'text', a, (s) => QUERY.test(s), 'a VM instance name, job id or word');
  if (bad) return bad;
  if (tooMany(w, 2)) return { kind: 'invalid', arg: 'text', expected: 'one word', usage: USAGE.log! };
  return tool('management_log', a === undefined ? {} : { match: a }, a === undefined ? 'log' : `log ${a}`);
}

/** ask / diagnose: the one place free text goes on, kept as typed. */
function freeTextCommand(w: Words): SlashCommand {
  // Cut the subcommand word off the raw text; the trailing `private` word is cut by its length, not by a
  // regex scanning back over the text.
  let text = w.raw.trim().replace(/^\S+\s*/, '');
  if (w.isPrivate && w.rawWords.length > 1) text = text.slice(0, -(w.rawWords.at(-1)?.length ?? 0));
  text = text.trim();
  if (!text)
    return {
      kind: 'invalid',
      arg: 'target',
      expected: 'a VM, a host or a description',
      usage: w.sub === 'ask' ? USAGE.ask! : USAGE.diagnose!,
    };
  return { kind: w.sub === 'ask' ? 'ask' : 'diagnose', text };
}

/** Subcommand word → its parser (a Map: the key is what the user typed). */
const SUBCOMMANDS = new Map<string, (w: Words) => SlashCommand>([
  ['help', () => ({ kind: 'help' })],
  ['envs', () => ({ kind: 'envs' })],
  ['environments', () => ({ kind: 'envs' })],
  ['audit', auditCommand],
  ['vm', vmOrHostCommand],
  ['host', vmOrHostCommand],
  ['config', configCommand],
  ['drbd', storageOrCapacityCommand],
  ['cluster', storageOrCapacityCommand],
  ['pacemaker', storageOrCapacityCommand],
  ['capacity', storageOrCapacityCommand],
  ['oom', oomCommand],
  ['log', logCommand],
  ['ask', freeTextCommand],
  ['diagnose', freeTextCommand],
]);

export function parseSlashText(raw: string): ParsedCommand {
  const big = oversize(raw);
  if (big) return tooLongCommand(big.length);
  const rawWords = splitWords(raw);
  let all = rawWords.map(unlink);
  const last = all.at(-1)?.toLowerCase();
  const isPrivate = last === 'private' || last === '--private';
  if (isPrivate) all = all.slice(0, -1);
  const [first, a, b, ...rest] = all;
  if (first === undefined) return { command: { kind: 'help' }, private: isPrivate };
  const sub = first.toLowerCase();
  const parse = SUBCOMMANDS.get(sub);
  const command: SlashCommand = parse
    ? parse({ sub, all, a, b, rest, raw, rawWords, isPrivate })
    : unknownFirstWord(first, all, raw, rawWords, isPrivate);
  return { command, private: isPrivate };
}

/**
 * An operator describing the incident ("web01 was OOM-killed again", "VMのメモリが3GBしかない") means a question,
 * not a typo: a sentence goes to the assistant (the runbooks without a model). A short unknown word or two
 * (`reboot kvm01`, `audt`) is a typo and gets the help.
 */
function unknownFirstWord(
  first: string,
  all: string[],
  raw: string,
  rawWords: string[],
  isPrivate: boolean,
): SlashCommand {
  if (!looksLikeSentence(all)) return { kind: 'help', unknown: first };
  const text = raw.trim();
  return { kind: 'ask', text: isPrivate ? text.slice(0, -(rawWords.at(-1)?.length ?? 0)).trim() : text };
}

/** Three words or more, or any letter outside ASCII (Japanese is typed without spaces). */
function looksLikeSentence(words: string[]): boolean {
  return words.length >= 3 || words.some((w) => /[^\x00-\x7f]/.test(w));
}
