/**
 * Is a stored request still exactly what was requested? Every step's tool must exist, its stored input
 * must pass the tool's schema, and the canonical hash of (env, steps, concurrency) must equal the hash
 * bound at creation; and the binding hash over expiry, requester, channel, pool and policy version must
 * still match. Checked on every approval, before running, and before resuming.
 */
import type { ToolRegistry } from '../tools/registry.ts';
import { requestInputHash } from './canonical.ts';
import { requestBindingHash } from './integrity.ts';
import type { ApprovalRequest } from './types.ts';

export function boundProblem(req: ApprovalRequest, registry: ToolRegistry): string | undefined {
  if (!Array.isArray(req.steps) || req.steps.length === 0) return 'the request has no steps';
  for (const [i, s] of req.steps.entries()) {
    const tool = registry.get(s.tool);
    if (!tool) return `step ${i + 1}: unknown tool "${s.tool}"`;
    if (!tool.input.safeParse(s.input).success)
      return `step ${i + 1}: stored input no longer passes ${s.tool}'s schema`;
  }
  let hash: string;
  try {
    hash = requestInputHash(req);
  } catch {
    return 'stored input cannot be hashed';
  }
  if (hash !== req.inputHash) return 'stored steps do not match the approved hash';
  if (req.bindingHash === undefined) return 'the request predates binding (schema 1); ask again';
  return requestBindingHash(req) === req.bindingHash
    ? undefined
    : 'its expiry, requester, channel, approver pool or policy version changed after it was made';
}
