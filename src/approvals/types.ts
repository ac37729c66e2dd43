/**
 * The approval seam: every surface (Slack commands and buttons, the LLM assistant, MCP, watches, the CLI)
 * turns a mutation into a request through `ApprovalService`, and nothing else can run a mutating tool.
 * Implementation: `src/approvals/` (policy, state machine, executor) over `src/store/` (SQLite or MariaDB).
 */

/** Declared on the tool; policy may raise it (mutate → destructive), never lower it. */
export type RiskClass = 'read' | 'mutate' | 'destructive';

/** Who acts. Every human maps to a Slack user id, whatever surface they came through. */
export interface Actor {
  /** Slack user id (U…). `bot` for the bot's own actions (watches), which can never approve. */
  user: string;
  via: 'slack' | 'cli' | 'mcp' | 'assistant' | 'watch';
  /** Display name, for cards and audit; never used for decisions. */
  name?: string;
}

/** One action in a request: a registered tool with its (already zod-validated) input. */
export interface PlannedStep {
  tool: string;
  input: Record<string, unknown>;
  /** Human text for the card ("stop web01 (i-2-31-VM) on kvm02"). */
  label: string;
}

/** Where the request came from and where its card and progress go. */
export interface RequestOrigin {
  env: string;
  channel?: string;
  threadTs?: string;
  /** The assistant conversation (thread key) that asked, so the decision is fed back to the model. */
  conversationId?: string;
}

export type RequestStatus =
  | 'pending'
  | 'approved'
  | 'running'
  | 'paused' // after a restart with a step whose outcome is unknown, or a Stop click: waits for a human
  | 'done'
  | 'failed'
  | 'rejected'
  | 'expired'
  | 'cancelled';

export type StepStatus = 'pending' | 'in_progress' | 'complete' | 'error' | 'skipped' | 'unknown';

export interface StepState extends PlannedStep {
  status: StepStatus;
  /** One line: the outcome, the verification, or why it was cancelled. */
  result?: string;
  startedAt?: string;
  finishedAt?: string;
}

export interface PrecheckResult {
  step: number;
  ok: boolean;
  /** What was seen ("web01 Running on kvm02, 4096 MiB offering"). */
  text: string;
}

export interface ApprovalRequest {
  id: string;
  /** Record schema version (migrations); `revision` is the row version used for compare-and-set. */
  schemaVersion: number;
  revision: number;
  env: string;
  title: string;
  steps: StepState[];
  /** Steps run one at a time by default; N at a time where the plan says so. */
  concurrency: number;
  /** sha256 of the canonical JSON of (env, steps' tool+input, concurrency): bound at creation, checked before running. */
  inputHash: string;
  risk: RiskClass;
  requester: Actor;
  origin: RequestOrigin;
  /** Distinct approvers required (1 for mutate, 2 for destructive) and who may give them (user / group ids). */
  required: number;
  approverPool: string[];
  /** Each vote is HMAC-signed with the audit key (integrity.ts), bound to this request's hashes. */
  approvals: { user: string; at: string; sig?: string }[];
  /**
   * Resume votes for the current pause: a paused plan runs again only when as many distinct approvers as
   * approving needed (four-eyes, never the bot) said so. Emptied at every pause.
   */
  resumeApprovals?: { user: string; at: string; sig?: string }[];
  prechecks: PrecheckResult[];
  status: RequestStatus;
  createdAt: string;
  expiresAt: string;
  decision?: { by: string; at: string; reason?: string };
  /** One line once the request stopped moving: what ran, what failed and what is left, or why it was refused. */
  outcome?: string;
  /** The Slack message showing this request, once posted. */
  card?: { channel: string; ts: string };
  /** sha256 of the canonical approval policy in force at creation (schema 2). */
  policyVersion?: string;
  /** sha256 over what decides whether it may run and never changes: expiry, requester, channel, pool, policy version (schema 2). */
  bindingHash?: string;
  /** HMAC of the whole row with the audit key, recomputed on every write and checked on every load. */
  sig?: string;
}

export type CreateResult =
  | { ok: true; request: ApprovalRequest }
  | {
      ok: false;
      code: 'not_allowed' | 'invalid_argument' | 'unknown_tool' | 'precheck_failed' | 'store_unavailable';
      message: string;
    };

export type DecisionResult =
  | {
      ok: true;
      request: ApprovalRequest;
      /** Set when this decision completed the approvals: resolves when the run ends (done/failed/paused). */
      execution?: Promise<ApprovalRequest>;
    }
  | {
      ok: false;
      code:
        | 'not_found'
        | 'not_allowed'
        | 'self_approval'
        | 'already_approved_by_you'
        | 'already_decided'
        | 'expired'
        | 'tampered'
        | 'store_unavailable';
      message: string;
      request?: ApprovalRequest;
    };

export type ApprovalEvent =
  | 'created'
  | 'approval_added'
  | 'approved'
  | 'rejected'
  | 'expired'
  | 'cancelled'
  | 'step_started'
  | 'step_finished'
  | 'paused'
  | 'done'
  | 'failed';

export interface ApprovalService {
  /** Validates every step against its tool's schema, applies policy, runs pre-checks, stores `pending`. */
  create(p: {
    env: string;
    steps: { tool: string; input: Record<string, unknown>; label?: string }[];
    title?: string;
    concurrency?: number;
    requester: Actor;
    origin: RequestOrigin;
  }): Promise<CreateResult>;
  get(id: string): Promise<ApprovalRequest | undefined>;
  list(filter?: { status?: RequestStatus[]; env?: string; limit?: number }): Promise<ApprovalRequest[]>;
  /** Reload, re-validate, re-check policy/expiry/four-eyes, compare-and-set; runs once the quorum is reached. */
  approve(id: string, approver: Actor): Promise<DecisionResult>;
  reject(id: string, actor: Actor, reason?: string): Promise<DecisionResult>;
  /** Stop a running plan before its next step (or cancel a pending request, by its requester or an approver). */
  stop(id: string, actor: Actor): Promise<DecisionResult>;
  /**
   * Continue a `paused` plan (an approver, same checks as approving). Steps whose outcome is unknown are
   * verified first, never re-run; one that cannot be verified fails the plan and says what is left.
   */
  resume(id: string, approver: Actor): Promise<DecisionResult>;
  /** Record where the request's card was posted. */
  setCard(id: string, card: { channel: string; ts: string }): Promise<void>;
  /** Card updates, assistant feedback, MCP status: called after every stored transition. */
  subscribe(listener: (request: ApprovalRequest, event: ApprovalEvent) => void): () => void;
}

/** One append-only, hash-chained audit entry. Secrets are redacted before it is built. */
export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  via: Actor['via'] | 'system';
  /** tool_call | request_created | approval | rejection | step | feedback | alert | … */
  kind: string;
  env?: string;
  target?: string;
  outcome: string;
  detail?: Record<string, unknown>;
  prevHash: string;
  hash: string;
  /** HMAC of `hash` with the audit key (absent on rows written without one). */
  mac?: string;
}

export interface AuditLog {
  append(e: Omit<AuditEntry, 'seq' | 'at' | 'prevHash' | 'hash'>): Promise<AuditEntry>;
  list(filter?: {
    limit?: number;
    actor?: string;
    target?: string;
    kind?: string;
    beforeSeq?: number;
  }): Promise<AuditEntry[]>;
  /**
   * Recomputes the chain and, with the audit key, every row's signature and the signed head (count + last
   * hash), so an edited, deleted, reordered, re-chained or tail-truncated log is named.
   */
  verify(): Promise<
    | { ok: true; entries: number; signed: boolean; note?: string }
    | { ok: false; entries: number; firstBad: number; why: string }
  >;
}
