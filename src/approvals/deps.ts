/** What the approval service stands on, passed once to every part (create, decide, executor, expiry). */
import type { Logger } from 'pino';
import type { StateStore } from '../store/types.ts';
import type { ToolContext } from '../tools/context.ts';
import type { ToolRegistry } from '../tools/registry.ts';
import type { Integrity } from './integrity.ts';
import type { ApprovalPolicy, IsMember } from './policy.ts';
import type { Actor, ApprovalEvent, ApprovalRequest, AuditLog } from './types.ts';

export interface ApprovalDeps {
  store: StateStore;
  audit: AuditLog;
  registry: ToolRegistry;
  /** The policy in force now for an environment (config); undefined = nothing may be requested there. */
  policyFor(env: string): ApprovalPolicy | undefined;
  isMember: IsMember;
  /** A tool context for an environment (throws for an unknown one). */
  contextFor(env: string): Omit<ToolContext, 'record'>;
  logger: Logger;
  now(): Date;
  /** This replica's name, for the per-request execution lease. */
  holder: string;
  leaseMs: number;
  /** Signs and checks request rows and votes with the audit key held outside the store. */
  integrity: Integrity;
  /** Why mutations are refused (no audit key configured), or undefined when they may be requested. */
  mutationsOff?: string;
  /** Audits the stored transition (awaited: a failed audit fails the caller), then notifies subscribers. */
  emit(
    request: ApprovalRequest,
    event: ApprovalEvent,
    by?: Actor,
    detail?: Record<string, unknown>,
  ): Promise<void>;
}
