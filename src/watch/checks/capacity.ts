/** Memory allocated per cluster against the check's warn/problem thresholds. */
import { tr } from '../../i18n/text.ts';
import type { CapacityData } from '../../tools/cloudstack/capacity.ts';
import type { WatchState } from '../types.ts';
import { type CheckRunner, event, stateOf } from './context.ts';

export const capacityCheck: CheckRunner = async (c) => {
  const env = await c.runTool('capacity', {});
  const data = env.data as CapacityData | null;
  if (!data || stateOf(env) === 'unknown')
    return [
      event(
        c,
        'capacity',
        'unknown',
        tr(c.lang, 'could not read capacity', '容量を取得できません'),
        env.summary,
      ),
    ];
  const out = data.clusters.map((cl) => {
    const pct = cl.totalBytes > 0 ? Math.round((cl.allocatedBytes / cl.totalBytes) * 100) : 0;
    const state: WatchState =
      pct >= c.check.problemPercent ? 'problem' : pct >= c.check.warnPercent ? 'warning' : 'ok';
    const title = tr(
      c.lang,
      `cluster ${cl.cluster}: ${pct}% of memory allocated (warn ${c.check.warnPercent}%, problem ${c.check.problemPercent}%)`,
      `クラスター ${cl.cluster}: メモリ割り当て ${pct}%（警告 ${c.check.warnPercent}%・問題 ${c.check.problemPercent}%）`,
    );
    return event(c, `cluster:${cl.cluster}`, state, title, title);
  });
  // The check itself ran: a "could not read" problem from an earlier run resolves.
  return [...out, event(c, 'capacity', 'ok', tr(c.lang, 'capacity readable', '容量を取得できます'), '')];
};
