/** What a deterministic runbook (and later the LLM agent) produces: a finding with evidence and a proposed plan. */
import type { Envelope, Lang } from '../tools/types.ts';

export type Severity = 'ok' | 'info' | 'warning' | 'critical';

export interface Evidence {
  /** e.g. "offering", "libvirt <currentMemory>", "guest MemTotal". */
  label: string;
  value: string;
  /** Where it was seen: host name, "cloudstack-api", "database". */
  source: string;
  /** 'observed' = read from a system; 'inferred' = derived by the runbook. */
  kind: 'observed' | 'inferred';
}

export interface ProposedStep {
  text: string;
  /** When the step is a mutation the bot could run after approval: the tool and its input. */
  action?: { tool: string; input: Record<string, unknown> };
}

export interface Finding {
  runbook: string;
  severity: Severity;
  title: string;
  /** Named cause, e.g. "cluster" or "global" for the memory cap; free text for others. */
  cause?: string;
  summary: string;
  evidence: Evidence[];
  affected: string[];
  risk?: string;
  steps: ProposedStep[];
}

export interface Diagnosis {
  target: string;
  lang: Lang;
  /** Empty when nothing is wrong: the report then says "no problem found". */
  findings: Finding[];
  /** Every tool run the runbooks made, for the evidence trail. */
  envelopes: Envelope[];
  durationMs: number;
  /** Checks that failed (API down, host unreachable…): with these, "no problem found" must not be claimed. */
  incomplete?: { tool: string; message: string; code?: string | undefined }[];
  /** The runbooks that ran (ids), so an empty answer can say what was checked. */
  checked?: string[];
  /** The question named nothing the runbooks know (e.g. "why is the console slow"): all ran as a sweep. */
  outsideRunbooks?: boolean;
  /** Set when the diagnosis could not run at all (unknown environment, unknown VM). */
  error?: { code: string; message: string };
}
