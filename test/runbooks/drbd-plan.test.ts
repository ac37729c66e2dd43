/**
 * The pure pieces of the DRBD runbook: which Pacemaker clone belongs to the resource, which side survives,
 * which recovery a degraded resource needs, and the findings' words in both languages.
 */
import { describe, expect, it } from 'vitest';
import type { CrmResource } from '../../src/parsers/types.ts';
import { drbdFindings, partnerStates } from '../../src/runbooks/drbd-findings.ts';
import { degradedKind, drbdCloneFor, splitPlan } from '../../src/runbooks/drbd-plan.ts';
import {
  assessDrbdResource,
  type DrbdNodeView,
  type DrbdResourceAssessment,
} from '../../src/tools/storage/drbd-assess.ts';

const crm = (id: string, agent: string, on?: string, clone?: string): CrmResource => ({
  id,
  agent,
  active: !!on,
  failed: false,
  managed: true,
  nodes: on ? [on] : [],
  ...(clone ? { clone } : {}),
});
const view = (node: string, partner: string, o: Partial<DrbdNodeView>, connection: string): DrbdNodeView => ({
  node,
  role: 'Secondary',
  disk: 'UpToDate',
  connection,
  splitBrainLog: [],
  peers: [{ peer: partner, connection, peerDisk: 'DUnknown', partner: true }],
  ...o,
});
const classic = (): DrbdResourceAssessment =>
  assessDrbdResource(
    'r1',
    [view('nfs51', 'nfs52', { role: 'Primary' }, 'StandAlone'), view('nfs52', 'nfs51', {}, 'WFConnection')],
    [],
    { device: 'drbd1' },
  );

describe('drbdCloneFor', () => {
  const two = [
    crm('drbd-r0', 'ocf:linbit:drbd', 'nfs51', 'drbd-r0-clone'),
    crm('drbd-r1', 'ocf:linbit:drbd', 'nfs51', 'drbd-r1-clone'),
  ];
  it.each([
    ['r1', two, 2, 'drbd-r1-clone'],
    ['r0', two, 2, 'drbd-r0-clone'],
    ['r1', [crm('p_drbd_r1', 'ocf:linbit:drbd', 'n1', 'ms_drbd_r1')], 2, 'ms_drbd_r1'],
    ['r0', [crm('drbd-r0', 'ocf:linbit:drbd', 'n1')], 1, 'drbd-r0'],
    // One DRBD resource and one DRBD clone with an unrelated name belong together…
    ['data', [crm('storage', 'ocf:linbit:drbd', 'n1', 'storage-clone')], 1, 'storage-clone'],
    // …but with two resources an unnamed clone is never guessed (it may be the other one's).
    ['r1', [crm('storage', 'ocf:linbit:drbd', 'n1', 'storage-clone')], 2, undefined],
    // r1 is not r10.
    ['r1', [crm('drbd-r10', 'ocf:linbit:drbd', 'n1')], 2, undefined],
  ])('%s among %j (%i DRBD resources) → %s', (res, cluster, count, want) => {
    expect(drbdCloneFor(res, cluster, count)).toBe(want);
  });
});

describe('splitPlan and degradedKind', () => {
  it('the survivor is where NFS runs, else the UpToDate Primary; the victim is the other node', () => {
    const r = classic();
    expect(splitPlan(r, [crm('fs', 'ocf:heartbeat:Filesystem', 'nfs52')])).toEqual({
      survivor: 'nfs52',
      victim: 'nfs51',
      reason: 'nfs',
      survivorConnection: 'WFConnection',
    });
    expect(splitPlan(r, [])).toMatchObject({ survivor: 'nfs51', victim: 'nfs52', reason: 'primary' });
  });

  it('reconnect when a reachable pair dropped its link; peer-down when the peer answers without it', () => {
    const standAlone = assessDrbdResource(
      'r0',
      [
        view('a', 'b', { role: 'Primary' }, 'StandAlone'),
        view('b', 'a', { disk: 'Outdated' }, 'WFConnection'),
      ],
      [],
    );
    expect(degradedKind(standAlone)).toBe('reconnect');
    const down = assessDrbdResource('r0', [view('a', 'b', { role: 'Primary' }, 'Connecting')], [], {
      downOn: ['b'],
    });
    expect(down.verdict).toBe('degraded');
    expect(degradedKind(down)).toBe('peer-down');
    const gone = assessDrbdResource('r0', [view('a', 'b', { role: 'Primary' }, 'Connecting')], ['b']);
    expect(degradedKind(gone)).toBe('peer-missing');
  });
});

describe('drbdFindings', () => {
  const ctx = (lang: 'en' | 'ja') => ({
    lang,
    pair: 'nfs-e',
    cluster: [
      crm('drbd-r0', 'ocf:linbit:drbd', 'nfs51', 'drbd-r0-clone'),
      crm('drbd-r1', 'ocf:linbit:drbd', 'nfs51', 'drbd-r1-clone'),
      crm('fs', 'ocf:heartbeat:Filesystem', 'nfs51'),
    ],
    resourceCount: 2,
    unreachable: [],
  });

  it('split brain without a log line: accurate title, commands on the resource, its own clone', () => {
    const [f] = drbdFindings(ctx('en'), classic());
    expect(partnerStates(classic())).toBe('nfs51 StandAlone, nfs52 WFConnection');
    expect(f!.title).toContain('nfs51 StandAlone, nfs52 WFConnection');
    expect(f!.title).not.toContain('both nodes StandAlone');
    const steps = f!.steps.map((s) => s.text).join('\n');
    expect(steps).toContain('pcs resource unmanage drbd-r1-clone');
    expect(steps).toContain('drbdadm connect --discard-my-data r1');
    expect(steps).not.toMatch(/drbd1\b|drbd-r0/);
    expect(f!.evidence[0]!.label).toBe('nfs51 r1 (/dev/drbd1)');
  });

  it('in Japanese the title, summary and steps are Japanese', () => {
    const [f] = drbdFindings(ctx('ja'), classic());
    expect(f!.title).toContain('スプリットブレイン');
    expect(f!.summary).toContain('カーネルログ');
    expect(f!.steps[0]!.text).toContain('管理外');
    expect(`${f!.title}${f!.summary}`).not.toMatch(/\b(the|is|are|replication stopped)\b/);
  });

  it('a resync gets its own finding with progress next to a degraded one', () => {
    const r = assessDrbdResource(
      'r0',
      [
        {
          ...view('nfs51', 'nfs52', { role: 'Primary' }, 'Connected'),
          peers: [
            { peer: 'nfs52', connection: 'StandAlone', partner: true },
            {
              peer: 'dr51',
              connection: 'Connected',
              replication: 'SyncSource',
              donePercent: 37.5,
              outOfSyncKiB: 2097152,
              partner: false,
            },
          ],
        },
        view('nfs52', 'nfs51', { disk: 'Outdated' }, 'Connecting'),
      ],
      [],
    );
    const fs = drbdFindings(ctx('en'), r);
    expect(fs.map((f) => f.cause)).toEqual(['degraded', 'resync']);
    expect(fs[1]!.title).toContain('37.5%');
    expect(fs[1]!.summary).toContain('2.0 GiB out of sync');
  });

  it('quorum loss is critical and says so; it never proposes forcing or discarding', () => {
    const r = assessDrbdResource(
      'r0',
      [
        view('nfs51', 'nfs52', { role: 'Primary', quorum: false }, 'Connecting'),
        view('nfs52', 'nfs51', { quorum: false }, 'Connecting'),
      ],
      [],
    );
    const [f] = drbdFindings(ctx('en'), r);
    expect(f).toMatchObject({ cause: 'quorum-lost', severity: 'critical' });
    expect(f!.title).toContain('quorum lost on nfs51, nfs52');
    expect(f!.summary).toContain('no node of the resource has quorum');
    expect(f!.steps.map((s) => s.text).join('\n')).not.toMatch(/discard-my-data|--force/);
  });
});
