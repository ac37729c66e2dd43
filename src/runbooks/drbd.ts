/** DRBD on a storage pair: split brain, lost quorum, resync and degraded replication, with a recovery plan. */
import { DRBD_RUNBOOK, drbdFindings } from './drbd-findings.ts';
import type { Intent, Runbook } from './runbook.ts';

const pairOf = (i: Intent): string | undefined =>
  i.kind === 'host' && i.host.role === 'storage' ? i.host.name : undefined;

export const drbdRunbook: Runbook = {
  id: DRBD_RUNBOOK,
  applies: (i) =>
    (i.kind === 'host' && i.host.role === 'storage') || (i.kind === 'topics' && i.topics.has('storage')),
  async run(rc, intent) {
    if (rc.env.storagePairs.length === 0) return [];
    const pair = pairOf(intent);
    const [drbdEnv, pcmkEnv] = await Promise.all([
      rc.tool('drbd_status', pair ? { pair } : {}),
      rc.tool('pacemaker_status', pair ? { pair } : {}),
    ]);
    const drbd = drbdEnv.data;
    const pcmk = pcmkEnv.data;
    if (!drbd) return [];
    return drbd.pairs.flatMap((p) => {
      const c = {
        lang: rc.lang,
        pair: p.pair,
        cluster: pcmk?.pairs.find((x) => x.pair === p.pair)?.resources ?? [],
        resourceCount: p.resources.length,
        unreachable: p.unreachable,
      };
      return p.resources.flatMap((r) => drbdFindings(c, r));
    });
  },
};
