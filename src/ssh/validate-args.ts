/** Checks a command's arguments with its zod schema and says which argument is wrong, never echoing the value. */
import { OpsError } from '../core/errors.ts';
import type { CommandSpec } from './types.ts';

export function validateArgs<A>(spec: CommandSpec<A>, args: unknown): A {
  const r = spec.schema.safeParse(args);
  if (r.success) return r.data;
  // The rejected value may be hostile (newlines, escape codes): report the argument's name and the rule only.
  const issues = r.error.issues.map((i) => {
    const name = i.path.length ? i.path.map(String).join('.') : 'arguments';
    return `${name}: ${i.message}`.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 200);
  });
  throw new OpsError('invalid_argument', `${spec.id}: invalid argument ${issues.join('; ')}`);
}
