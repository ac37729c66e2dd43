/**
 * The approval service on its own: a real SQLite store and hash-chained audit log in a temp dir, a clock
 * the test moves, and test tools that record what really ran. No lab, so the state machine's tests are
 * fast enough to run under mutation testing; the lab-backed flow is test/approvals/approval-flow.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { z } from 'zod';
import { createAuditLog } from '../../src/approvals/audit-log.ts';
import { createIntegrity, signRequest, signVote } from '../../src/approvals/integrity.ts';
import type { ApprovalPolicy } from '../../src/approvals/policy.ts';
import { createApprovalService, type ManagedApprovalService } from '../../src/approvals/service.ts';
import type { Actor, ApprovalRequest, AuditLog } from '../../src/approvals/types.ts';
import type { BotStore } from '../../src/store/audit-rows.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import type { ToolContext } from '../../src/tools/context.ts';
import { ToolRegistry } from '../../src/tools/registry.ts';
import type { ToolDefinition } from '../../src/tools/types.ts';

export const BENCH_POLICY: ApprovalPolicy = {
  requesters: ['UREQ', 'UAPP1', 'SOPS'],
  approvers: { mutate: ['UAPP1', 'UAPP2', 'SLEADS'], destructive: ['UAPP1', 'UAPP2', 'UAPP3'] },
  fourEyes: true,
  expiryMinutes: 15,
  raise: {},
};

export const slack = (user: string): Actor => ({ user, via: 'slack' });

export interface Bench {
  service: ManagedApprovalService;
  store: BotStore;
  audit: AuditLog;
  /** Labels of the steps that really ran, in order. */
  runs: string[];
  /** Labels whose pre-check answers "no" / whose verification answers "no" / whose run throws. */
  precheckFails: Set<string>;
  verifyFails: Set<string>;
  runThrows: Set<string>;
  /** Labels whose run throws this exact message. */
  runErrors: Map<string, string>;
  /** Labels whose pre-check / verification throws (the API is unreachable). */
  precheckThrows: Set<string>;
  verifyThrows: Set<string>;
  /** Makes every audit append fail from now on. */
  breakAudit(): void;
  /** "start:a" / "end:a" as each step's run begins and ends (before a thrown error). */
  log: string[];
  /** Resolves once the store's lease has been asked for `n` times in all. */
  leaseCalled(n: number): Promise<void>;
  /** Labels whose run waits until `release(label)` ("pre:a" holds a's run-time pre-check). */
  hold(label: string): void;
  release(label: string): void;
  /** Resolves when the step with this label has started running. */
  started(label: string): Promise<void>;
  /** The test's clock: `advance` moves it. */
  advance(ms: number): void;
  now(): Date;
  /** Runs once, after the next store listing is read and before its caller sees it (e.g. the sweeper's). */
  afterList: (() => Promise<void>) | undefined;
  /** The registry the service runs steps through. */
  registry: ToolRegistry;
  /** Every grant the executor handed the registry, with the step it was for. */
  grants: { grant: unknown; tool: string; input: unknown }[];
  /** Called with each grant before the registry redeems it. */
  onGrant: ((grant: unknown, tool: string, input: unknown) => void | Promise<void>) | undefined;
  /** The policy in force for env "lab"; a test may edit it to change the policy after a request exists. */
  policy: ApprovalPolicy;
  /** Edits the stored request behind the service's back, as someone with write access to the store could. */
  tamper(id: string, edit: (r: ApprovalRequest) => void): Promise<void>;
  /** The operator removes env "lab"'s approval policy from the config. */
  removePolicy(): void;
  close(): Promise<void>;
}

export interface BenchOptions {
  policy?: Partial<ApprovalPolicy>;
  /** Slack user groups (S…) and their members. */
  groups?: Record<string, string[]>;
  /** The executor's run lease (default 60 s); renewed every third of it. */
  leaseMs?: number;
}

const labelInput = z.object({ label: z.string().regex(/^[a-z0-9-]{1,32}$/) });

/** Opens a bench; env "lab" has the policy, env "bare" has none, any other env is unknown. */
export function openBench(opts: BenchOptions = {}): Bench {
  const dir = mkdtempSync(join(tmpdir(), 'approvals-bench-'));
  const store = openSqliteStore(join(dir, 'state.db'));
  // Counts lease calls, so a test can wait for the executor to renew its lease.
  const lease = store.lease.bind(store);
  store.lease = async (name, holder, ttlMs) => {
    leaseCalls++;
    for (const w of leaseWaiters.filter((x) => leaseCalls >= x.n)) w.resolve();
    return lease(name, holder, ttlMs);
  };
  // The audit key a real install keeps outside the store: rows, votes and audit entries are signed with it.
  const auditKey = randomBytes(32);
  const integrity = createIntegrity(auditKey);
  const chain = createAuditLog(store, { integrity });
  // An audit log that can be made to fail appends, as a full disk or a lost DB connection would.
  const audit: AuditLog = {
    ...chain,
    append: (e) => (auditDown ? Promise.reject(new Error('audit store is full')) : chain.append(e)),
  };
  // A hook between a listing and its caller's next step, to interleave a decision at that exact point.
  let afterList: Bench['afterList'];
  const list = store.list.bind(store);
  store.list = async (ns, o) => {
    const rows = await list(ns, o);
    const hook = afterList;
    afterList = undefined;
    await hook?.();
    return rows as never;
  };
  const runs: string[] = [];
  const log: string[] = [];
  let leaseCalls = 0;
  const leaseWaiters: { n: number; resolve: () => void }[] = [];
  const precheckFails = new Set<string>();
  const verifyFails = new Set<string>();
  const runThrows = new Set<string>();
  const runErrors = new Map<string, string>();
  const precheckThrows = new Set<string>();
  const verifyThrows = new Set<string>();
  let auditDown = false;
  const held = new Map<string, () => void>();
  const holding = new Set<string>();
  const startWaiters = new Map<string, () => void>();
  const startedSet = new Set<string>();
  let clock = Date.parse('2026-11-29T10:00:00Z');

  // Like real tools, the checks use their context (here its logger): a check handed no context fails.
  const stepTool = (name: string, risk: 'mutate' | 'destructive'): ToolDefinition => ({
    name,
    description: `test only: a ${risk} step that records its label`,
    input: labelInput,
    risk,
    describe: (input, lang) =>
      lang === 'en'
        ? `${name} ${(input as { label: string }).label}`
        : `${(input as { label: string }).label} を変更`,
    async precheck(input, ctx) {
      const { label } = input as { label: string };
      ctx.logger.debug({ label }, 'pre-check');
      if (precheckThrows.has(label)) throw new Error('API unreachable');
      const key = `pre:${label}`;
      startedSet.add(key);
      startWaiters.get(key)?.();
      if (holding.has(key)) await new Promise<void>((resolve) => held.set(key, resolve));
      return precheckFails.has(label)
        ? { ok: false, text: `${label} is not in a state to change` }
        : { ok: true, text: `${label} ready` };
    },
    async run(input) {
      const { label } = input as { label: string };
      runs.push(label);
      log.push(`start:${label}`);
      startedSet.add(label);
      startWaiters.get(label)?.();
      if (holding.has(label)) await new Promise<void>((resolve) => held.set(label, resolve));
      log.push(`end:${label}`);
      if (runThrows.has(label)) throw new Error(`${label}: host refused`);
      const long = runErrors.get(label);
      if (long !== undefined) throw new Error(long);
      return { data: { label }, summary: `${label} changed` };
    },
    async verify(input, _data, ctx) {
      const { label } = input as { label: string };
      ctx.logger.debug({ label }, 'verify');
      if (verifyThrows.has(label)) throw new Error('API unreachable');
      const ok = runs.includes(label) && !verifyFails.has(label);
      return { ok, text: ok ? `${label} is changed` : `${label} is unchanged` };
    },
  });
  /** A mutating tool that declares no pre-check and no verification. */
  const bareTool: ToolDefinition = {
    name: 'poke_thing',
    description: 'test only: a mutate step without checks',
    input: labelInput,
    risk: 'mutate',
    async run(input) {
      const { label } = input as { label: string };
      runs.push(label);
      return { data: { label }, summary: `${label} poked` };
    },
  };
  /** A tool with a nested, two-field input, for the messages of several schema errors. */
  const moveTool: ToolDefinition = {
    name: 'move_thing',
    description: 'test only: nested input',
    input: z.object({
      label: labelInput.shape.label,
      to: z.object({ host: z.string().regex(/^kvm\d{2}$/) }),
    }),
    risk: 'mutate',
    async run() {
      return { data: {}, summary: 'moved' };
    },
  };
  const readTool: ToolDefinition = {
    name: 'peek',
    description: 'test only: reads nothing',
    input: labelInput,
    risk: 'read',
    async run() {
      return { data: {}, summary: 'nothing' };
    },
  };
  const grants: { grant: unknown; tool: string; input: unknown }[] = [];
  let onGrant: Bench['onGrant'];
  /** The registry as the executor sees it, recording each grant it is handed (the test may probe it first). */
  class GrantWatchingRegistry extends ToolRegistry {
    override async execute(name: string, input: unknown, ctx: Omit<ToolContext, 'record'>, grant: unknown) {
      grants.push({ grant, tool: name, input });
      await onGrant?.(grant, name, input);
      return super.execute(name, input, ctx, grant);
    }
  }
  const registry = new GrantWatchingRegistry([
    stepTool('change_thing', 'mutate'),
    stepTool('wipe_thing', 'destructive'),
    bareTool,
    moveTool,
    readTool,
  ]);
  const policy: ApprovalPolicy = {
    ...BENCH_POLICY,
    ...opts.policy,
    approvers: { ...BENCH_POLICY.approvers, ...opts.policy?.approvers },
  };
  const logger = pino({ level: 'silent' });
  let policyRemoved = false;
  const groups = new Map(Object.entries(opts.groups ?? { SLEADS: ['ULEAD'], SOPS: ['UOPS'] }));
  const service = createApprovalService({
    store,
    audit,
    registry,
    policyFor: (env) => (env === 'lab' && !policyRemoved ? policy : undefined),
    isMember: async (user, group) => {
      // A group whose membership Slack cannot answer: every check must fail closed.
      if (group === 'SDOWN') throw new Error('Slack user groups are unavailable');
      return groups.get(group)?.includes(user) ?? false;
    },
    contextFor: (env) => {
      if (env !== 'lab' && env !== 'bare') throw new Error(`unknown environment "${env}"`);
      // The test tools use no API or SSH; the registry logs a failed run through the context's logger.
      return { logger } as unknown as Omit<ToolContext, 'record'>;
    },
    logger,
    now: () => new Date(clock),
    leaseMs: opts.leaseMs ?? 60_000,
    auditKey,
  });
  return {
    service,
    store,
    audit,
    runs,
    log,
    leaseCalled: (n) =>
      leaseCalls >= n ? Promise.resolve() : new Promise<void>((resolve) => leaseWaiters.push({ n, resolve })),
    precheckFails,
    verifyFails,
    runThrows,
    runErrors,
    precheckThrows,
    verifyThrows,
    breakAudit: () => {
      auditDown = true;
    },
    hold: (label) => {
      holding.add(label);
      startedSet.delete(label); // a pre-check that ran at creation does not count
    },
    release: (label) => {
      holding.delete(label);
      held.get(label)?.();
    },
    started: (label) =>
      startedSet.has(label)
        ? Promise.resolve()
        : new Promise<void>((resolve) => startWaiters.set(label, resolve)),
    advance: (ms) => {
      clock += ms;
    },
    now: () => new Date(clock),
    policy,
    registry,
    grants,
    get afterList() {
      return afterList;
    },
    set afterList(f) {
      afterList = f;
    },
    get onGrant() {
      return onGrant;
    },
    set onGrant(f) {
      onGrant = f;
    },
    removePolicy() {
      policyRemoved = true;
    },
    async tamper(id, edit) {
      const doc = await store.get<ApprovalRequest>('request', id);
      if (!doc) throw new Error(`no request ${id}`);
      const v = structuredClone(doc.value);
      edit(v);
      // Re-signed with the key, as by someone who holds it: these tests prove the locks behind the signature
      // (input hash, binding, quorum, status); test/approvals/forged-rows.test.ts proves the signature itself.
      const next = { ...v, revision: doc.revision + 1 };
      next.approvals = next.approvals.map((a) => signVote(integrity, next, 'approve', a));
      if (next.resumeApprovals)
        next.resumeApprovals = next.resumeApprovals.map((a) => signVote(integrity, next, 'resume', a));
      const signed = signRequest(integrity, next);
      if ((await store.put('request', id, signed, doc.revision)) === undefined)
        throw new Error('tamper lost a race');
    },
    async close() {
      service.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
