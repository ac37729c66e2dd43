/** DRBD split brain / degraded replication on a storage pair: what is wrong, the evidence, the data risk, recovery. */

import { tr } from '../i18n/text.ts';
import type { DrbdStatusData } from '../tools/storage/drbd-status.ts';
import type { PacemakerStatusData } from '../tools/storage/pacemaker-status.ts';
import type { Intent, Runbook } from './runbook.ts';
import { runbookSteps, runbookText } from './runbook-text.ts';
import type { Evidence, Finding } from './types.ts';

const ID = 'drbd-split-brain';

const pairOf = (i: Intent): string | undefined =>
  i.kind === 'host' && i.host.role === 'storage' ? i.host.name : undefined;

export const drbdRunbook: Runbook = {
  id: ID,
  applies: (i) =>
    (i.kind === 'host' && i.host.role === 'storage') || (i.kind === 'topics' && i.topics.has('storage')),
  async run(rc, intent) {
    if (rc.env.storagePairs.length === 0) return [];
    const pair = pairOf(intent);
    const [drbdEnv, pcmkEnv] = await Promise.all([
      rc.tool('drbd_status', pair ? { pair } : {}),
      rc.tool('pacemaker_status', pair ? { pair } : {}),
    ]);
    const drbd = drbdEnv.data as DrbdStatusData | null;
    const pcmk = pcmkEnv.data as PacemakerStatusData | null;
    if (!drbd) return [];
    const findings: Finding[] = [];
    for (const p of drbd.pairs) {
      const cluster = pcmk?.pairs.find((c) => c.pair === p.pair);
      for (const r of p.resources) {
        if (r.verdict === 'healthy' || r.verdict === 'syncing' || r.verdict === 'unknown') continue;
        const evidence: Evidence[] = r.nodes.map((n) => ({
          label: `${n.node} ${r.resource}`,
          value: `role ${n.role ?? '?'}, disk ${n.disk ?? '?'}, connection ${n.connection ?? '?'}${n.peerDisk ? `, peer-disk ${n.peerDisk}` : ''}`,
          source: n.node,
          kind: 'observed',
        }));
        for (const n of r.nodes)
          for (const l of n.splitBrainLog.slice(0, 2))
            evidence.push({ label: `${n.node} kernel log`, value: l, source: n.node, kind: 'observed' });
        for (const u of p.unreachable)
          evidence.push({
            label: `${u.node}`,
            value: `unreachable: ${u.error}`,
            source: u.node,
            kind: 'observed',
          });
        const pcmkRes = cluster?.resources.find((x) => /drbd/i.test(x.id) || /drbd/i.test(x.agent ?? ''));
        // Where NFS clients write: the node on which Pacemaker runs the Filesystem / nfsserver resources.
        const nfsNode = cluster?.resources.find(
          (x) => /Filesystem|nfsserver/i.test(x.agent ?? '') && x.active && !x.failed && x.nodes.length,
        )?.nodes[0];
        if (r.verdict === 'split-brain') {
          const primaryUpToDate = r.nodes.find((n) => n.role === 'Primary' && n.disk === 'UpToDate')?.node;
          const survivor = nfsNode ?? primaryUpToDate;
          const victim = r.nodes.map((n) => n.node).find((n) => n !== survivor);
          const why = nfsNode
            ? tr(
                rc.lang,
                'Pacemaker runs the NFS Filesystem/nfsserver resources there',
                'Pacemaker が NFS の Filesystem/nfsserver リソースを稼働中',
              )
            : tr(
                rc.lang,
                'it is the UpToDate Primary; NFS resources are not running anywhere',
                'UpToDate の Primary のため（NFS リソースはどこでも稼働していません）',
              );
          if (survivor)
            evidence.push({
              label: tr(rc.lang, 'suggested survivor', '生存側の候補'),
              value: `${survivor} (${why})`,
              source: 'runbook',
              kind: 'inferred',
            });
          const vars = {
            pair: p.pair,
            resource: r.resource,
            survivor: survivor ?? '<survivor>',
            victim: victim ?? '<victim>',
            nfsText: nfsNode
              ? tr(
                  rc.lang,
                  `NFS clients keep running on ${nfsNode}`,
                  `NFS クライアントは ${nfsNode} で稼働を続けています`,
                )
              : tr(
                  rc.lang,
                  'NFS is not being served by Pacemaker right now',
                  '現在 Pacemaker は NFS を提供していません',
                ),
            pacemakerResource: pcmkRes?.id ?? `<drbd clone of ${r.resource}>`,
            survivorText: survivor
              ? tr(
                  rc.lang,
                  `${survivor} looks like the survivor (${why}); confirm before discarding ${victim}'s changes.`,
                  `${survivor} が生存側と思われます（${why}）。${victim} の変更を破棄する前に確認してください。`,
                )
              : tr(
                  rc.lang,
                  'Which side to keep could not be inferred.',
                  'どちらを残すべきか推定できませんでした。',
                ),
          };
          findings.push({
            runbook: ID,
            severity: 'critical',
            title: runbookText(ID, 'title-split', rc.lang, vars),
            cause: 'split-brain',
            summary: runbookText(ID, 'summary-split', rc.lang, vars),
            evidence,
            affected: [`${p.pair}/${r.resource}`],
            risk: runbookText(ID, 'risk-split', rc.lang, vars),
            steps: runbookSteps(ID, 'steps-split', rc.lang, vars).map((text, i) =>
              // Step 2 (the victim's discard) carries the whole recovery as one destructive action.
              i === 1 && survivor && victim
                ? {
                    text,
                    action: {
                      tool: 'drbd_split_brain_recover',
                      input: {
                        pair: p.pair,
                        resource: r.resource,
                        victim,
                        survivor,
                        ...(pcmkRes ? { pacemakerResource: pcmkRes.id } : {}),
                      },
                    },
                  }
                : { text },
            ),
          });
        } else {
          const vars = { pair: p.pair, resource: r.resource, reasons: r.reasons.join('; ') };
          findings.push({
            runbook: ID,
            severity: 'warning',
            title: runbookText(ID, 'title-degraded', rc.lang, vars),
            cause: 'degraded',
            summary: runbookText(ID, 'summary-degraded', rc.lang, vars),
            evidence,
            affected: [`${p.pair}/${r.resource}`],
            steps: runbookSteps(ID, 'steps-degraded', rc.lang, vars).map((text) => ({ text })),
          });
        }
      }
    }
    return findings;
  },
};
