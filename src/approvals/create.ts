/**
 * Creating a request: validate every step with its tool's schema, apply the requester policy, run the
 * declared pre-checks, and store it `pending` with its input hash and expiry. Nothing runs here.
 */
import { randomBytes } from 'node:crypto';
import { describeError } from '../core/errors.ts';
import { canonicalJson, requestInputHash, sha256Hex } from './canonical.ts';
import type { ApprovalDeps } from './deps.ts';
import { requestBindingHash } from './integrity.ts';
import { effectiveRisk, requestPolicy } from './policy.ts';
import { putSigned } from './request-repo.ts';
import type { ApprovalRequest, ApprovalService, CreateResult, PrecheckResult, StepState } from './types.ts';

const MAX_STEPS = 200;
const MAX_CONCURRENCY = 10;
type CreateInput = Parameters<ApprovalService['create']>[0];

export async function createRequest(d: ApprovalDeps, p: CreateInput): Promise<CreateResult> {
  if (!Array.isArray(p.steps) || p.steps.length === 0 || p.steps.length > MAX_STEPS)
    return { ok: false, code: 'invalid_argument', message: `a request has 1–${MAX_STEPS} steps` };
  const concurrency = p.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY)
    return { ok: false, code: 'invalid_argument', message: `concurrency must be 1–${MAX_CONCURRENCY}` };
  const steps: StepState[] = [];
  const risks = [];
  for (const [i, s] of p.steps.entries()) {
    const tool = d.registry.get(s.tool);
    if (!tool)
      return {
        ok: false,
        code: 'unknown_tool',
        message: `step ${i + 1}: unknown tool "${String(s.tool).slice(0, 64)}"`,
      };
    const parsed = tool.input.safeParse(s.input ?? {});
    if (!parsed.success) {
      const why = parsed.error.issues.map((x) => `${x.path.join('.') || 'input'}: ${x.message}`).join('; ');
      return { ok: false, code: 'invalid_argument', message: `step ${i + 1} (${s.tool}): ${why}` };
    }
    const input = parsed.data as Record<string, unknown>;
    const label =
      s.label?.slice(0, 300) ?? tool.describe?.(input, 'en') ?? `${s.tool} ${JSON.stringify(input)}`;
    steps.push({ tool: s.tool, input, label, status: 'pending' });
    risks.push({ tool: s.tool, risk: tool.risk });
  }
  let policy: ReturnType<ApprovalDeps['policyFor']>;
  let ctx: ReturnType<ApprovalDeps['contextFor']>;
  try {
    policy = d.policyFor(p.env);
    ctx = d.contextFor(p.env);
  } catch (e) {
    return { ok: false, code: 'invalid_argument', message: describeError(e) };
  }
  const risk = policy ? effectiveRisk(risks, policy) : 'mutate';
  let decision: Awaited<ReturnType<typeof requestPolicy>>;
  try {
    decision = await requestPolicy(risk, p.requester, policy, d.isMember);
  } catch (e) {
    return { ok: false, code: 'not_allowed', message: `could not check the policy: ${describeError(e)}` };
  }
  if (decision.kind === 'deny') return { ok: false, code: 'not_allowed', message: decision.reason };
  // Without the key outside the store an approval could be forged by writing a row: refuse to start one.
  if (d.mutationsOff) return { ok: false, code: 'not_allowed', message: d.mutationsOff };

  const prechecks: PrecheckResult[] = [];
  for (const [i, s] of steps.entries()) {
    const tool = d.registry.get(s.tool)!;
    if (!tool.precheck) continue;
    try {
      prechecks.push({ step: i, ...(await tool.precheck(s.input, { ...ctx, record: () => {} })) });
    } catch (e) {
      prechecks.push({ step: i, ok: false, text: `pre-check could not run: ${describeError(e)}` });
    }
  }
  const failed = prechecks.find((c) => !c.ok);
  if (failed)
    return { ok: false, code: 'precheck_failed', message: `step ${failed.step + 1}: ${failed.text}` };

  const now = d.now();
  const unbound: ApprovalRequest = {
    id: `req-${randomBytes(8).toString('hex')}`,
    schemaVersion: 2,
    revision: 1,
    env: p.env,
    title: (p.title ?? steps.map((s) => s.label).join('; ')).slice(0, 300),
    steps,
    concurrency,
    inputHash: requestInputHash({ env: p.env, steps, concurrency }),
    risk: decision.risk,
    requester: p.requester,
    origin: p.origin,
    required: decision.n,
    approverPool: decision.pool,
    approvals: [],
    prechecks,
    status: 'pending',
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + policy!.expiryMinutes * 60_000).toISOString(),
    policyVersion: sha256Hex(canonicalJson(policy)),
  };
  const request: ApprovalRequest = { ...unbound, bindingHash: requestBindingHash(unbound) };
  try {
    if ((await putSigned(d, request, 0)) === undefined)
      return { ok: false, code: 'store_unavailable', message: 'request id collision; try again' };
  } catch (e) {
    return {
      ok: false,
      code: 'store_unavailable',
      message: `could not store the request: ${describeError(e)}`,
    };
  }
  try {
    await d.emit(request, 'created', p.requester);
  } catch (e) {
    return {
      ok: false,
      code: 'store_unavailable',
      message: `request stored but not audited: ${describeError(e)}`,
    };
  }
  return { ok: true, request };
}
