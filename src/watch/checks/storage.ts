/** DRBD and Pacemaker of every storage pair: one subject per pair, investigated on its first node. */
import { tr } from '../../i18n/text.ts';
import type { DrbdVerdict } from '../../tools/storage/drbd-assess.ts';
import type { DrbdStatusData } from '../../tools/storage/drbd-status.ts';
import type { PacemakerStatusData } from '../../tools/storage/pacemaker-status.ts';
import type { WatchState } from '../types.ts';
import { type CheckRunner, event, stateOf } from './context.ts';

/** Worst first: a real problem outranks a node that could not be read; could-not-read is never "ok". */
function drbdState(v: DrbdVerdict[]): WatchState {
  if (v.some((x) => x !== 'healthy' && x !== 'syncing' && x !== 'unknown')) return 'problem';
  if (v.includes('unknown')) return 'unknown';
  return v.includes('syncing') ? 'warning' : 'ok';
}

export const drbdCheck: CheckRunner = async (c) => {
  const env = await c.runTool('drbd_status', {});
  const data = env.data as DrbdStatusData | null;
  return c.env.storagePairs.map((pair) => {
    const seen = data?.pairs.find((p) => p.pair === pair.name);
    const lines = env.summary.split('\n').filter((l) => l.startsWith(`${pair.name}/`));
    let state: WatchState = stateOf(env);
    if (seen && state !== 'unknown') state = drbdState(seen.resources.map((r) => r.verdict));
    const title =
      state === 'unknown'
        ? tr(c.lang, `could not check DRBD on ${pair.name}`, `${pair.name} の DRBD をチェックできません`)
        : (lines[0] ?? tr(c.lang, `DRBD on ${pair.name}`, `${pair.name} の DRBD`));
    return event(c, pair.name, state, title, lines.join('\n') || env.summary, { target: pair.nodes[0] });
  });
};

export const pacemakerCheck: CheckRunner = async (c) => {
  const env = await c.runTool('pacemaker_status', {});
  const data = env.data as PacemakerStatusData | null;
  return c.env.storagePairs.map((pair) => {
    const seen = data?.pairs.find((p) => p.pair === pair.name);
    let state: WatchState = stateOf(env);
    if (seen && state !== 'unknown')
      state =
        seen.verdict.severity === 'critical'
          ? 'problem'
          : seen.verdict.severity === 'warning'
            ? 'warning'
            : 'ok';
    if (seen?.unreachable.length === pair.nodes.length) state = 'unknown';
    const problems = seen?.problems ?? [];
    const title =
      state === 'unknown'
        ? tr(
            c.lang,
            `could not check Pacemaker on ${pair.name}`,
            `${pair.name} の Pacemaker をチェックできません`,
          )
        : `${pair.name}: ${problems[0] ?? tr(c.lang, 'Pacemaker cluster', 'Pacemaker クラスター')}`;
    return event(c, pair.name, state, title.slice(0, 200), problems.join('\n') || env.summary, {
      target: pair.nodes[0],
    });
  });
};
