/**
 * Canonical JSON (keys sorted, no undefined) and sha256: what a request's input hash and an audit entry's
 * chain hash are computed over, so the same content always hashes the same on every engine and replica.
 */

import { createHash } from 'node:crypto';
import { OpsError } from '../core/errors.ts';

export function canonicalJson(v: unknown): string {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new OpsError('invalid_argument', 'canonical JSON: non-finite number');
    return JSON.stringify(v);
  }
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : canonicalJson(x))).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  throw new OpsError('invalid_argument', `canonical JSON: cannot encode ${typeof v}`);
}

export const sha256Hex = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/** What an approval is bound to: the environment, each step's tool and input in order, and the concurrency. */
export function requestInputHash(p: {
  env: string;
  steps: readonly { tool: string; input: Record<string, unknown> }[];
  concurrency: number;
}): string {
  return sha256Hex(
    canonicalJson({
      env: p.env,
      steps: p.steps.map((s) => ({ tool: s.tool, input: s.input })),
      concurrency: p.concurrency,
    }),
  );
}

/** The hash one step's execution grant is bound to. */
export const stepInputHash = (tool: string, input: unknown): string =>
  sha256Hex(canonicalJson({ tool, input }));
