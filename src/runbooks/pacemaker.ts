/** A storage pair's Pacemaker cluster: node out, resource stopped or failed, quorum lost; evidence and plan. */
import { PACEMAKER_RUNBOOK, pacemakerFinding } from './pacemaker-findings.ts';
import type { Runbook } from './runbook.ts';

export const pacemakerRunbook: Runbook = {
  id: PACEMAKER_RUNBOOK,
  applies: (i) =>
    (i.kind === 'host' && i.host.role === 'storage') ||
    (i.kind === 'topics' && (i.topics.has('cluster') || i.topics.has('storage'))),
  async run(rc, intent) {
    if (rc.env.storagePairs.length === 0) return [];
    const pair = intent.kind === 'host' ? intent.host.name : undefined;
    const env = await rc.tool('pacemaker_status', pair ? { pair } : {});
    const data = env.data;
    return (data?.pairs ?? []).flatMap((p) => pacemakerFinding(p, rc.lang) ?? []);
  },
};
