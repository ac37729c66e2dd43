/**
 * The ApprovalService: wires create / decide / executor / expiry / recovery over one store and audit log.
 * Every stored transition is audited (awaited) and then announced to subscribers.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { StateStore } from '../store/types.ts';
import type { ToolContext } from '../tools/context.ts';
import type { ToolRegistry } from '../tools/registry.ts';
import { createRequest } from './create.ts';
import { approve, reject, resume, stop } from './decide.ts';
import type { ApprovalDeps } from './deps.ts';
import { createExecutor } from './executor.ts';
import { expireOverdue } from './expiry.ts';
import { createIntegrity } from './integrity.ts';
import type { ApprovalPolicy, IsMember } from './policy.ts';
import { recoverInterrupted } from './recover.ts';
import { loadChecked, loadRequest, NS, putSigned } from './request-repo.ts';
import type { ApprovalEvent, ApprovalRequest, ApprovalService, AuditLog } from './types.ts';

export interface ApprovalServiceOptions {
  store: StateStore;
  audit: AuditLog;
  registry: ToolRegistry;
  policyFor(env: string): ApprovalPolicy | undefined;
  /** Slack user-group membership (S…); a throw fails the check closed. Default: no groups. */
  isMember?: IsMember;
  contextFor(env: string): Omit<ToolContext, 'record'>;
  logger: Logger;
  now?: () => Date;
  /** How long a run lease lasts without renewal (default 60 s): a dead replica's plan is paused after this. */
  leaseMs?: number;
  /** The audit key (audit-key.ts); without it every mutation request is refused with `mutationsOff`. */
  auditKey?: Buffer;
  /** Why mutations are refused, when no key is configured (shown to whoever asks for a change). */
  mutationsOff?: string;
}

export type ManagedApprovalService = ApprovalService & {
  /** Pauses plans left running by a dead process; call at start-up (also done by every sweep). */
  recover(): Promise<string[]>;
  /** Expires overdue requests and recovers abandoned plans once; says which requests it moved. */
  sweep(): Promise<{ expired: string[]; recovered: string[] }>;
  /** Sweeps every `intervalMs` until close(). */
  startSweeper(intervalMs?: number): void;
  close(): void;
};

const AUDIT_KIND: Record<ApprovalEvent, string> = {
  created: 'request_created',
  approval_added: 'approval',
  approved: 'approval',
  rejected: 'rejection',
  expired: 'expiry',
  cancelled: 'cancellation',
  step_started: 'step',
  step_finished: 'step',
  paused: 'pause',
  done: 'result',
  failed: 'result',
};

export function createApprovalService(o: ApprovalServiceOptions): ManagedApprovalService {
  const listeners = new Set<(r: ApprovalRequest, e: ApprovalEvent) => void>();
  const d: ApprovalDeps = {
    store: o.store,
    audit: o.audit,
    registry: o.registry,
    policyFor: o.policyFor,
    isMember: o.isMember ?? (async () => false),
    contextFor: o.contextFor,
    logger: o.logger,
    now: o.now ?? (() => new Date()),
    holder: `${process.pid}-${randomBytes(4).toString('hex')}`,
    leaseMs: o.leaseMs ?? 60_000,
    integrity: createIntegrity(o.auditKey),
    mutationsOff: o.auditKey
      ? undefined
      : (o.mutationsOff ?? 'no audit key is configured: mutations are refused'),
    async emit(request, event, by, detail) {
      await o.audit.append({
        actor: by?.user ?? 'bot',
        via: by?.via ?? 'system',
        kind: AUDIT_KIND[event],
        env: request.env,
        target: request.id,
        outcome: event === 'step_finished' || event === 'step_started' ? String(detail?.status) : event,
        detail: {
          status: request.status,
          // The newest signed audit row of a request holds its revision: a row put back from an older copy is lower.
          revision: request.revision,
          title: request.title,
          ...detail,
          ...(request.outcome ? { outcome: request.outcome } : {}),
        },
      });
      for (const l of listeners) {
        try {
          l(request, event);
        } catch (e) {
          o.logger.warn({ err: e }, 'approval listener failed');
        }
      }
    },
  };
  const executor = createExecutor(d);
  let timer: NodeJS.Timeout | undefined;

  const sweep = async () => {
    let expired: string[] = [];
    let recovered: string[] = [];
    try {
      expired = await expireOverdue(d);
      recovered = await recoverInterrupted(d);
    } catch (e) {
      o.logger.error({ err: e }, 'approval sweep failed');
    }
    return { expired, recovered };
  };

  return {
    create: (p) => createRequest(d, p),
    get: (id) => loadRequest(d, id),
    async list(f = {}) {
      const rows = await o.store.list<ApprovalRequest>(NS, {
        limit: Math.min(f.limit ?? 50, 1000) * (f.status || f.env ? 20 : 1),
      });
      return rows
        .map((r) => ({ ...r.doc.value, revision: r.doc.revision }))
        .filter((r) => (!f.status || f.status.includes(r.status)) && (!f.env || r.env === f.env))
        .slice(0, f.limit ?? 50);
    },
    approve: (id, who) => approve(d, id, who, executor.run),
    reject: (id, who, reason) => reject(d, id, who, reason),
    stop: (id, who) => stop(d, id, who),
    resume: (id, who) => resume(d, id, who, executor.run),
    async setCard(id, card) {
      // Where the card is shown is not a transition: no event, no audit, just a compare-and-set write.
      for (let i = 0; i < 50; i++) {
        const loaded = await loadChecked(d, id);
        // An untrusted row is never re-signed here: that would launder it.
        if (!loaded || loaded.problem) return;
        const cur = loaded.request;
        if ((await putSigned(d, { ...cur, card, revision: cur.revision + 1 }, cur.revision)) !== undefined)
          return;
      }
    },
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    recover: () => recoverInterrupted(d),
    sweep,
    startSweeper(intervalMs = 30_000) {
      if (timer) return;
      timer = setInterval(() => void sweep(), intervalMs);
      timer.unref();
    },
    close() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
