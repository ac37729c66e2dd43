/**
 * TEST ONLY — an ApprovalService that records requests in the StateStore and never executes anything, so the
 * assistant's tests can run before the real service (src/approvals/service.ts) is on main. When it is, the lead
 * swaps `startTestApprovals` for `createApprovalService`: the tests only use the ApprovalService interface.
 * `decide()` emits the events a human decision would, for the decision-feedback tests.
 */
import type {
  ApprovalEvent,
  ApprovalRequest,
  ApprovalService,
  CreateResult,
  DecisionResult,
} from '../../src/approvals/types.ts';
import type { StateStore } from '../../src/store/types.ts';
import type { ToolDefinition } from '../../src/tools/types.ts';

export interface TestApprovals extends ApprovalService {
  created: ApprovalRequest[];
  /** Simulates a human decision: stores it and notifies subscribers, as the real service does. */
  decide(
    id: string,
    d: { status: 'done' | 'rejected'; by: string; reason?: string; result?: string },
  ): Promise<void>;
}

export function startTestApprovals(store: StateStore, tools: ToolDefinition[]): TestApprovals {
  const listeners = new Set<(r: ApprovalRequest, e: ApprovalEvent) => void>();
  const created: ApprovalRequest[] = [];
  const emit = (r: ApprovalRequest, e: ApprovalEvent) => {
    for (const l of listeners) l(r, e);
  };
  const notImplemented = async (): Promise<DecisionResult> => ({
    ok: false,
    code: 'not_allowed',
    message: 'test double',
  });
  return {
    created,
    async create(p): Promise<CreateResult> {
      const steps = [];
      for (const s of p.steps) {
        const t = tools.find((x) => x.name === s.tool);
        if (!t || t.risk === 'read')
          return { ok: false, code: 'unknown_tool', message: `no mutating tool ${s.tool}` };
        const parsed = t.input.safeParse(s.input);
        if (!parsed.success)
          return {
            ok: false,
            code: 'invalid_argument',
            message: parsed.error.issues[0]?.message ?? 'invalid',
          };
        steps.push({
          tool: s.tool,
          input: parsed.data as Record<string, unknown>,
          label: s.label ?? `${s.tool} ${JSON.stringify(parsed.data)}`,
          status: 'pending' as const,
        });
      }
      const now = new Date();
      const request: ApprovalRequest = {
        id: `req-${created.length + 1}`,
        schemaVersion: 1,
        revision: 1,
        env: p.env,
        title: p.title ?? steps.map((s) => s.label).join('; '),
        steps,
        concurrency: 1,
        inputHash: 'test',
        risk: 'mutate',
        requester: p.requester,
        origin: p.origin,
        required: 1,
        approverPool: [],
        approvals: [],
        prechecks: [],
        status: 'pending',
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + 3600_000).toISOString(),
      };
      await store.put('request', request.id, request, 0);
      created.push(request);
      emit(request, 'created');
      return { ok: true, request };
    },
    async get(id) {
      return (await store.get<ApprovalRequest>('request', id))?.value;
    },
    async list() {
      return created;
    },
    approve: notImplemented,
    reject: notImplemented,
    stop: notImplemented,
    async setCard() {},
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    async decide(id, d) {
      const r = created.find((x) => x.id === id);
      if (!r) throw new Error(`no request ${id}`);
      const next: ApprovalRequest = {
        ...r,
        status: d.status,
        decision: { by: d.by, at: new Date().toISOString(), ...(d.reason ? { reason: d.reason } : {}) },
        steps: r.steps.map((s) => ({
          ...s,
          status: d.status === 'done' ? 'complete' : 'skipped',
          ...(d.result ? { result: d.result } : {}),
        })),
        ...(d.status === 'done' ? { approvals: [{ user: d.by, at: new Date().toISOString() }] } : {}),
      };
      emit(next, d.status === 'done' ? 'done' : 'rejected');
    },
  };
}
