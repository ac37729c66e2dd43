/** The one façade every surface (CLI, Slack, LLM agent) calls: run a registered tool, or diagnose. */
import type { Actor, ApprovalService, AuditLog } from '../approvals/types.ts';
import type { Diagnosis } from '../runbooks/types.ts';
import type { HostProgressEvent } from '../tools/context.ts';
import type { Envelope, Lang, ToolDefinition } from '../tools/types.ts';

export interface RunOptions {
  env?: string;
  lang?: Lang;
  /** Progress notes while tools run ("kvm03: virsh domstats"). */
  progress?: (note: string) => void;
  /** Structured fan-out progress (hosts planned / finished), for the CLI's progress line on a terminal. */
  hostProgress?: (e: HostProgressEvent) => void;
  signal?: AbortSignal;
  /** Who asked; recorded in the audit log with every tool call (default: the local operator via CLI). */
  actor?: Actor;
}

export interface OpsService {
  environments(): { name: string; description?: string }[];
  tools(): ToolDefinition[];
  /** Validates `input` with the tool's zod schema; never throws — errors come back as an 'error' envelope. */
  runTool(name: string, input: unknown, opts?: RunOptions): Promise<Envelope>;
  /** Runs the matching runbook(s) for a VM name, host name or free text. Never throws. */
  diagnose(target: string, opts?: RunOptions): Promise<Diagnosis>;
  /**
   * The one way to change anything: requests, decisions and the executor (src/approvals). Always set by
   * createOpsService; optional only so surface test doubles need not build one — without it a surface
   * must refuse mutations.
   */
  approvals?: ApprovalService;
  /** Append-only, hash-chained record of every tool call, request, decision and step. */
  audit?: AuditLog;
  close(): Promise<void>;
}
