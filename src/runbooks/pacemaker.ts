/** A storage pair's Pacemaker node offline, resource failed or quorum lost: what, evidence, risk, recovery. */
import type { PacemakerStatusData } from '../tools/storage/pacemaker-status.ts';
import type { Runbook } from './runbook.ts';
import { runbookSteps, runbookText } from './runbook-text.ts';
import type { Evidence, Finding } from './types.ts';

const ID = 'pacemaker-node-down';

export const pacemakerRunbook: Runbook = {
  id: ID,
  applies: (i) =>
    (i.kind === 'host' && i.host.role === 'storage') ||
    (i.kind === 'topics' && (i.topics.has('cluster') || i.topics.has('storage'))),
  async run(rc, intent) {
    if (rc.env.storagePairs.length === 0) return [];
    const pair = intent.kind === 'host' ? intent.host.name : undefined;
    const env = await rc.tool('pacemaker_status', pair ? { pair } : {});
    const data = env.data as PacemakerStatusData | null;
    if (!data) return [];
    const findings: Finding[] = [];
    for (const p of data.pairs) {
      if (p.problems.length === 0) continue;
      const offline = p.nodes.filter((n) => !n.online).map((n) => n.name);
      const running = [...new Set(p.resources.flatMap((r) => r.nodes))];
      const evidence: Evidence[] = [
        ...p.nodes.map(
          (n): Evidence => ({
            label: `node ${n.name}`,
            value: n.online ? (n.standby ? 'standby' : 'online') : 'OFFLINE',
            source: `crm_mon on ${p.reportedBy ?? '?'}`,
            kind: 'observed',
          }),
        ),
        ...p.resources.map(
          (r): Evidence => ({
            label: `resource ${r.id}`,
            value: `${r.failed ? 'FAILED' : r.active ? (r.role ?? 'Started') : 'Stopped'} on ${r.nodes.join(', ') || '-'}`,
            source: `crm_mon on ${p.reportedBy ?? '?'}`,
            kind: 'observed',
          }),
        ),
        ...p.failures.map(
          (f): Evidence => ({
            label: `failed action ${f.resource} ${f.task}`,
            value: `${f.node}: ${f.exitReason || f.exitStatus}`,
            source: `crm_mon on ${p.reportedBy ?? '?'}`,
            kind: 'observed',
          }),
        ),
        ...p.unreachable.map(
          (u): Evidence => ({ label: u.node, value: `SSH: ${u.error}`, source: u.node, kind: 'observed' }),
        ),
      ];
      if (p.quorate !== undefined)
        evidence.push({
          label: 'quorum',
          value: p.quorate ? 'quorate' : 'NOT quorate',
          source: 'corosync-quorumtool',
          kind: 'observed',
        });
      const vars = {
        pair: p.pair,
        headline: offline.length ? `node ${offline.join(', ')} OFFLINE` : (p.problems[0] ?? ''),
        problems: p.problems.join('; '),
        runningOn: running.join(', ') || '-',
      };
      findings.push({
        runbook: ID,
        severity:
          offline.length || p.quorate === false || p.resources.some((r) => r.failed) ? 'critical' : 'warning',
        title: runbookText(ID, 'title', rc.lang, vars),
        cause: offline.length ? 'node-offline' : 'resource-failed',
        summary: runbookText(ID, 'summary', rc.lang, vars),
        evidence,
        affected: offline.length
          ? offline
          : p.resources.filter((r) => r.failed || !r.active).map((r) => r.id),
        risk: runbookText(ID, 'risk', rc.lang, vars),
        steps: runbookSteps(ID, 'steps', rc.lang, vars).map((text) => ({ text })),
      });
    }
    return findings;
  },
};
