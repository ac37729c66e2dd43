/** Parses `corosync-quorumtool -s`: quorate or not, votes, flags, "Activity blocked", and the membership table. */
import { LineComplaints, prepareLines, toInt } from './input.ts';
import type { CorosyncQuorum } from './types.ts';

const SECTION = /^(Quorum information|Votequorum information|Membership information|-+)\s*$/;
const IGNORED_KEYS = new Set(['Date', 'Quorum provider', 'Node ID', 'Ring ID']);

export function parseCorosyncQuorum(out: string): CorosyncQuorum {
  const { lines, warnings } = prepareLines(out, 'corosync-quorumtool');
  const r: CorosyncQuorum = { flags: [], activityBlocked: false, nodes: [], warnings };
  const junk = new LineComplaints('corosync-quorumtool');
  let inMembers = false;
  let hasQdeviceColumn = false;
  for (const line of lines) {
    const t = line.trim();
    if (!t || SECTION.test(t)) {
      if (t === 'Membership information') inMembers = true;
      else if (/^(Quorum|Votequorum) information$/.test(t)) inMembers = false;
      continue;
    }
    if (inMembers) {
      if (/^Nodeid\s+Votes/.test(t)) {
        hasQdeviceColumn = /\bQdevice\b/.test(t);
        continue;
      }
      const local = /\s\(local\)$/.test(t);
      const toks = t.replace(/\s\(local\)$/, '').split(/\s+/);
      const nodeId = toks[0]?.startsWith('0x') ? Number.parseInt(toks[0], 16) : toInt(toks[0]);
      const votes = toInt(toks[1]);
      if (nodeId !== undefined && votes !== undefined && toks.length >= 3) {
        const withQ = hasQdeviceColumn && toks.length >= 4;
        r.nodes.push({
          nodeId,
          votes,
          name: toks.slice(withQ ? 3 : 2).join(' '),
          local,
          ...(withQ ? { qdevice: toks[2] } : {}),
        });
        continue;
      }
    }
    const kv = /^([A-Za-z][A-Za-z ]*?):\s*(.*)$/.exec(line.trimEnd());
    if (!kv) {
      junk.add(line);
      continue;
    }
    const [, key = '', v = ''] = kv;
    switch (key) {
      case 'Quorate':
        r.quorate = v === 'Yes' ? true : v === 'No' ? false : undefined;
        break;
      case 'Nodes':
        r.nodeCount = toInt(v);
        break;
      case 'Expected votes':
        r.expectedVotes = toInt(v);
        break;
      case 'Highest expected':
        r.highestExpected = toInt(v);
        break;
      case 'Total votes':
        r.totalVotes = toInt(v);
        break;
      case 'Quorum': {
        // "2 Activity blocked" when this partition lacks quorum.
        r.quorum = toInt(v.split(/\s+/)[0]);
        if (/Activity blocked/i.test(v)) r.activityBlocked = true;
        break;
      }
      case 'Flags':
        r.flags = v ? v.split(/\s+/) : [];
        break;
      default:
        if (!IGNORED_KEYS.has(key)) junk.add(line);
    }
  }
  junk.flushInto(warnings);
  if (lines.length && r.quorate === undefined) warnings.push('corosync-quorumtool: no "Quorate:" line');
  return r;
}
