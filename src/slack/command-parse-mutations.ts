/**
 * Pure parser for the commands that *request* a change (`vm stop|start|reboot|migrate`, `config set`) and
 * for `audit` of the trail. They never run anything: the result becomes an approval request. Every word
 * must look like a name; the tool's own schema validates again when the request is created.
 */
import { hostNameSchema } from '../config/schema.ts';
import { normalizeVmName, shownName, vmNameProblem } from '../tools/cloudstack/vm-name.ts';

export type MutationCommand = {
  kind: 'mutation';
  tool: string;
  input: Record<string, string | boolean>;
  label: string;
  env?: string;
};
export type AuditLogCommand = { kind: 'audit_log'; limit: number; vm?: string; user?: string };
type Invalid = { kind: 'invalid'; arg: string; value?: string; expected: string; usage: string };

export const MUTATION_USAGE: Record<string, string> = {
  power: 'vm stop|start|reboot <name> [--force]',
  migrate: 'vm migrate <name> [host]',
  set: 'config set <name> <value> [zone|cluster <name>]',
  auditLog: 'audit [n | vm <name> | user @someone]',
};

export const VM_ACTIONS = new Map([
  ['stop', 'stop_vm'],
  ['start', 'start_vm'],
  ['reboot', 'reboot_vm'],
  ['migrate', 'migrate_vm'],
]);

const SETTING = /^[A-Za-z0-9._-]{2,128}$/;
const VALUE = /^[A-Za-z0-9._:-]{1,64}$/;
const isName = (s: string): boolean => hostNameSchema.safeParse(s).success;
const NAME = 'letters, digits, ".", "_" or "-"';
const bad = (arg: string, usage: string, value?: string, expected = NAME): Invalid =>
  value === undefined
    ? { kind: 'invalid', arg, expected, usage }
    : { kind: 'invalid', arg, value, expected, usage };

/** A VM argument's refusal: the rule that failed, and the value clipped with hidden characters made visible. */
export function vmArgProblem(value: string | undefined, usage: string) {
  if (value === undefined) return { kind: 'invalid', arg: 'vm', expected: 'a VM name', usage } as const;
  const problem = vmNameProblem(value);
  return problem
    ? ({ kind: 'invalid', arg: 'vm', value: shownName(value), expected: problem, usage } as const)
    : undefined;
}

/** `vm <action> <name> …` (words after "vm"). */
export function parseVmAction(words: string[]): MutationCommand | Invalid {
  const [action = '', vm, ...rest] = words;
  const tool = VM_ACTIONS.get(action.toLowerCase())!;
  const migrate = tool === 'migrate_vm';
  const usage = migrate ? MUTATION_USAGE.migrate! : MUTATION_USAGE.power!;
  const vmBad = vmArgProblem(vm, usage);
  if (vmBad || vm === undefined) return vmBad ?? bad('vm', usage);
  const name = normalizeVmName(vm);
  const force = rest.some((w) => w.toLowerCase() === '--force');
  const others = rest.filter((w) => w.toLowerCase() !== '--force');
  if (force && (migrate || tool === 'start_vm')) return bad('--force', usage, '--force', 'no --force here');
  if (!migrate && others.length) return bad('option', usage, others[0], '--force only');
  if (migrate && (others.length > 1 || (others[0] !== undefined && !isName(others[0]))))
    return bad('host', usage, others[0] ?? others[1]);
  const input: Record<string, string | boolean> = { vm: name };
  if (force) input.forced = true;
  if (migrate && others[0]) input.host = others[0];
  const label = `vm ${action.toLowerCase()} ${name}${others[0] ? ` ${others[0]}` : ''}${force ? ' --force' : ''}`;
  return { kind: 'mutation', tool, input, label };
}

/** `config set <name> <value> [zone|cluster <name>]` (words after "set"). */
export function parseConfigSet(words: string[]): MutationCommand | Invalid {
  const usage = MUTATION_USAGE.set!;
  const [name, value, scope, scopeName, ...rest] = words;
  if (name === undefined || !SETTING.test(name)) return bad('name', usage, name);
  if (value === undefined || !VALUE.test(value))
    return bad('value', usage, value, 'letters, digits, ".", "_", ":" or "-"');
  const input: Record<string, string | boolean> = { name, value, scope: 'global' };
  if (scope !== undefined) {
    const s = scope.toLowerCase();
    if (s !== 'zone' && s !== 'cluster') return bad('scope', usage, scope, '"zone" or "cluster"');
    if (scopeName === undefined || !isName(scopeName)) return bad(`${s} name`, usage, scopeName);
    input.scope = s;
    input.scopeName = scopeName;
  }
  if (rest.length) return bad('scope', usage, rest[0], 'one scope');
  const where = input.scope === 'global' ? '' : ` (${input.scope} ${input.scopeName})`;
  return { kind: 'mutation', tool: 'update_setting', input, label: `config set ${name}=${value}${where}` };
}

/** Slack sends a picked user as <@U123|name>; a bare U… id is accepted too. */
const USER = /^<@([UW][A-Z0-9]{2,20})(?:\|[^>]{0,80})?>$|^([UW][A-Z0-9]{2,20})$/;

/** `audit [n | vm <name> | user @x]` (words after "audit"); `audit memory` is the fleet audit, parsed elsewhere. */
export function parseAuditLog(words: string[]): AuditLogCommand | Invalid {
  const usage = MUTATION_USAGE.auditLog!;
  const [a, b, ...rest] = words;
  if (rest.length) return bad('filter', usage, rest[0], 'one filter');
  if (a === undefined) return { kind: 'audit_log', limit: 10 };
  if (/^\d{1,3}$/.test(a) && b === undefined)
    return { kind: 'audit_log', limit: Math.min(Math.max(Number(a), 1), 50) };
  if (a.toLowerCase() === 'vm') {
    const vmBad = vmArgProblem(b, usage);
    if (vmBad || b === undefined) return vmBad ?? bad('vm', usage);
    return { kind: 'audit_log', limit: 20, vm: normalizeVmName(b) };
  }
  if (a.toLowerCase() === 'user') {
    const m = b === undefined ? null : USER.exec(b);
    const user = m?.[1] ?? m?.[2];
    if (!user) return bad('user', usage, b, 'a user picked with @');
    return { kind: 'audit_log', limit: 20, user };
  }
  return bad('filter', usage, a, 'a number, "vm <name>" or "user @someone"');
}
