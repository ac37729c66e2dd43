/**
 * A runbook diagnosis as the model reads it: findings, evidence marked observed/inferred with its source, the risk,
 * and the proposed plan with repeated per-VM actions folded into one line — the full report is for humans.
 */
import type { Diagnosis } from '../runbooks/types.ts';
import { capText } from './compact.ts';

const MAX_EVIDENCE = 10;
const clip = (t: string, n: number) => (t.length > n ? `${t.slice(0, n - 1)}…` : t);

export function compactDiagnosis(d: Diagnosis): string {
  if (d.error) return `error: ${d.error.code}: ${d.error.message}`;
  const out: string[] = [];
  const incomplete = d.incomplete ?? [];
  if (!d.findings.length)
    out.push(
      incomplete.length
        ? 'result: could not complete the checks; nothing can be concluded'
        : 'result: no problem found by the runbooks',
    );
  for (const f of d.findings) {
    out.push(`finding (${f.severity}): ${f.title}`, `summary: ${f.summary}`);
    for (const e of f.evidence.slice(0, MAX_EVIDENCE))
      out.push(`- ${e.label}: ${e.value} [${e.kind} ${e.source}]`);
    if (f.evidence.length > MAX_EVIDENCE)
      out.push(`- (${f.evidence.length - MAX_EVIDENCE} more evidence lines)`);
    if (f.affected.length) out.push(`affected: ${f.affected.slice(0, 20).join(', ')}`);
    if (f.risk) out.push(`risk: ${f.risk}`);
    const prose = f.steps.filter((s) => !s.action).slice(0, 3);
    for (const [i, s] of prose.entries()) out.push(`step ${i + 1}: ${clip(s.text, 140)}`);
    // One line per tool: "stop_vm ×5: web01, web02, …" rather than ten near-identical steps.
    const byTool = new Map<string, Record<string, unknown>[]>();
    for (const s of f.steps)
      if (s.action) byTool.set(s.action.tool, [...(byTool.get(s.action.tool) ?? []), s.action.input]);
    for (const [tool, inputs] of byTool)
      out.push(
        inputs.length === 1
          ? `proposed action: ${tool} ${JSON.stringify(inputs[0])}`
          : `proposed action: ${tool} ×${inputs.length}: ${inputs.map((i) => (typeof i.vm === 'string' ? i.vm : JSON.stringify(i))).join(', ')}`,
      );
  }
  for (const i of incomplete.slice(0, 5)) out.push(`could not check: ${i.tool}: ${i.message}`);
  return capText(out.join('\n'), 3500);
}
