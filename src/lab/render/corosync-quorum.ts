/** `corosync-quorumtool -s` on a two-node storage pair (format of the LAB and ha_cluster_exporter fixtures). */
import type { StoragePairSpec } from '../scenario.ts';
import { ctime } from './lab-clock.ts';

type Pacemaker = NonNullable<StoragePairSpec['pacemaker']>;

export function renderQuorumtool(pm: Pacemaker, node: string, now: number): { stdout: string; code: number } {
  const ids = new Map(pm.nodes.map((n, i) => [n.name, i + 1]));
  const members = pm.nodes.filter((n) => n.state !== 'offline');
  const quorate = pm.quorate;
  const votes = members.length;
  const lines = [
    'Quorum information',
    '------------------',
    `Date:             ${ctime(now)}`,
    'Quorum provider:  corosync_votequorum',
    `Nodes:            ${members.length}`,
    `Node ID:          ${ids.get(node) ?? 1}`,
    `Ring ID:          1.${(members.length * 7).toString(16)}`,
    `Quorate:          ${quorate ? 'Yes' : 'No'}`,
    '',
    'Votequorum information',
    '----------------------',
    `Expected votes:   ${pm.nodes.length}`,
    `Highest expected: ${pm.nodes.length}`,
    `Total votes:      ${votes}`,
    // two_node: one vote is enough once both were seen (WaitForAll); without quorum activity is blocked.
    quorate ? 'Quorum:           1  ' : `Quorum:           ${pm.nodes.length} Activity blocked`,
    quorate ? 'Flags:            2Node Quorate WaitForAll ' : 'Flags:            ',
    '',
    'Membership information',
    '----------------------',
    '    Nodeid      Votes Name',
    ...members.map(
      (n) =>
        `${String(ids.get(n.name)).padStart(10)} ${String(1).padStart(10)} ${n.name}${n.name === node ? ' (local)' : ''}`,
    ),
  ];
  // Exit 2 = not quorate, with the full report still printed.
  return { stdout: `${lines.join('\n')}\n`, code: quorate ? 0 : 2 };
}
