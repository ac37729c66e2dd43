/**
 * The lab's `drbdadm disconnect|secondary|connect [--discard-my-data]` on one storage node: the manual
 * split-brain recovery of LINBIT's guide (shared notes §5). Two nodes reconnect only when both try; after a
 * split brain the handshake succeeds only if exactly one side agreed to discard its data, as in DRBD.
 */
import type { DrbdNodeState, StoragePairSpec } from './scenario.ts';

export interface DrbdAdminResult {
  stdout: string;
  stderr?: string;
  code: number;
}

/** Nodes that ran `connect --discard-my-data`, per resource state object. */
const discarding = new WeakSet<DrbdNodeState>();

const peerName = (pair: StoragePairSpec, node: string) =>
  pair.nodes[0] === node ? pair.nodes[1] : pair.nodes[0];

export function drbdadmMutation(
  pair: StoragePairSpec,
  node: string,
  argv: string[],
): DrbdAdminResult | undefined {
  const [prog, sub, ...rest] = argv;
  if (prog !== 'drbdadm' || !sub || !['disconnect', 'secondary', 'connect'].includes(sub)) return undefined;
  const discard = sub === 'connect' && rest[0] === '--discard-my-data';
  const name = discard ? rest[1] : rest[0];
  if (!name || rest.length !== (discard ? 2 : 1))
    return { stdout: '', stderr: `drbdadm ${sub}: bad arguments\n`, code: 20 };
  const res = pair.drbd.find((r) => r.name === name);
  const me = res?.nodes[node];
  const peer = res?.nodes[peerName(pair, node)];
  if (!res || !me || !peer)
    return { stdout: '', stderr: `'${name}' not defined in your config (for this host).\n`, code: 10 };
  if (sub === 'disconnect') {
    me.connection = 'StandAlone';
    discarding.delete(me);
    return { stdout: '', code: 0 };
  }
  if (sub === 'secondary') {
    const nfsHere = pair.pacemaker?.resources.some(
      (r) => /Filesystem/i.test(r.agent) && r.runningOn === node && r.role === 'Started',
    );
    if (me.role === 'Primary' && nfsHere)
      return {
        stdout: '',
        stderr: `${name}: State change failed: (-12) Device is held open by someone\n`,
        code: 11,
      };
    me.role = 'Secondary';
    return { stdout: '', code: 0 };
  }
  if (me.connection !== 'StandAlone')
    return { stdout: '', stderr: `${name}: Failure: (102) Local address(port) already in use.\n`, code: 10 };
  me.connection = 'Connecting';
  if (discard) discarding.add(me);
  if (peer.connection === 'Connecting') handshake(me, peer);
  return { stdout: '', code: 0 };
}

function handshake(a: DrbdNodeState, b: DrbdNodeState): void {
  const diverged = a.splitBrain || b.splitBrain;
  const victims = [a, b].filter((n) => discarding.has(n));
  if (diverged && (victims.length !== 1 || victims[0]?.role === 'Primary')) {
    // Split brain detected again: both sides drop the connection.
    a.connection = 'StandAlone';
    b.connection = 'StandAlone';
    return;
  }
  // The victim resyncs the blocks changed on the survivor (bitmap-based, so the lab completes it at once).
  for (const n of [a, b]) {
    n.connection = 'Connected';
    n.splitBrain = false;
    n.disk = 'UpToDate';
    n.syncPercent = undefined;
    discarding.delete(n);
  }
}
