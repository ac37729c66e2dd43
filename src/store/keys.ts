/** Namespaces and keys fit both engines' primary keys; longer ones are refused, never truncated. */
import { OpsError } from '../core/errors.ts';

const NS = /^[a-z][a-z0-9_]{0,63}$/;

export function checkKey(ns: string, key: string): void {
  if (!NS.test(ns))
    throw new OpsError(
      'invalid_argument',
      `store namespace "${ns.slice(0, 70)}" is not [a-z][a-z0-9_]{0,63}`,
    );
  if (key.length === 0 || key.length > 191)
    throw new OpsError('invalid_argument', 'store key must be 1–191 characters');
}
