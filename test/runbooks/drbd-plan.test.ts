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

  it('split brain: step 2 carries the whole recovery for approval, and the survivor is evidence with its reason', () => {
    const [f] = drbdFindings(ctx('en'), classic());
    expect(f).toMatchObject({
      runbook: 'drbd-split-brain',
      severity: 'critical',
      cause: 'split-brain',
      affected: ['nfs-e/r1'],
    });
    expect(f!.steps.map((s) => s.action)).toEqual([
      undefined,
      {
        tool: 'drbd_split_brain_recover',
        input: {
          pair: 'nfs-e',
          resource: 'r1',
          victim: 'nfs52',
          survivor: 'nfs51',
          pacemakerResource: 'drbd-r1-clone',
        },
      },
      ...f!.steps.slice(2).map(() => undefined),
    ]);
    expect(f!.evidence.at(-1)).toEqual({
      label: expect.any(String),
      value: 'nfs51 (Pacemaker runs the NFS Filesystem/nfsserver resources there)',
      source: 'runbook',
      kind: 'inferred',
    });
    expect(f!.summary).toContain('nfs51 looks like the survivor (Pacemaker runs the NFS');
    expect(f!.summary).toContain('NFS clients keep running on nfs51');
  });

  it('split brain with no side to keep: no recovery action, no survivor evidence, and it says so', () => {
    const noSurvivor = assessDrbdResource(
      'r1',
      [view('nfs51', 'nfs52', {}, 'StandAlone'), view('nfs52', 'nfs51', {}, 'StandAlone')],
      [],
    );
    const [f] = drbdFindings({ ...ctx('en'), cluster: [], resourceCount: 1 }, noSurvivor);
    expect(f!.cause).toBe('split-brain');
    expect(f!.steps.every((s) => s.action === undefined)).toBe(true);
    expect(f!.evidence.some((e) => e.kind === 'inferred')).toBe(false);
    expect(f!.summary).toContain('Which side to keep could not be inferred.');
    // The steps keep visible placeholders for the human to fill in, never an empty name.
    const text = f!.steps.map((s) => s.text).join('\n');
    expect(text).toContain('On the victim (<victim>)');
    expect(text).toContain('On the survivor (<survivor>, now ?)');
    expect(f!.steps.map((s) => s.text).join('\n')).not.toContain('drbd-r1-clone');
  });

  it('split brain the kernel logged gets the plain title; a Primary survivor is explained as such', () => {
    const logged = assessDrbdResource(
      'r1',
      [
        {
          ...view('nfs51', 'nfs52', { role: 'Primary' }, 'StandAlone'),
          splitBrainLog: ['Split-Brain detected'],
        },
        view('nfs52', 'nfs51', {}, 'StandAlone'),
      ],
      [],
    );
    const [f] = drbdFindings({ ...ctx('en'), cluster: [] }, logged);
    expect(f!.title).toBe('DRBD split brain on nfs-e/r1 (nfs51 StandAlone, nfs52 StandAlone)');
    expect(f!.summary).toContain('it is the UpToDate Primary');
    expect(f!.summary).not.toContain('NFS clients keep running');
  });

  it('quorum lost on one node of three says which, not "no node"', () => {
    const r = assessDrbdResource(
      'r0',
      [
        view('nfs51', 'nfs52', { role: 'Primary' }, 'Connected'),
        view('nfs52', 'nfs51', { quorum: false }, 'Connected'),
      ],
      [],
    );
    const [f] = drbdFindings(ctx('en'), r);
    expect(f!.title).toContain('quorum lost on nfs52');
    expect(f!.summary).not.toContain('no node of the resource has quorum');
  });

  it('a resync without a percentage shows its state; a split brain hides the resync finding', () => {
    const r = assessDrbdResource(
      'r0',
      [
        {
          ...view('nfs51', 'nfs52', { role: 'Primary' }, 'Connected'),
          peers: [{ peer: 'nfs52', connection: 'Connected', replication: 'PausedSyncS', partner: true }],
        },
        {
          ...view('nfs52', 'nfs51', { disk: 'Inconsistent' }, 'Connected'),
          peers: [{ peer: 'nfs51', connection: 'Connected', replication: 'PausedSyncT', partner: true }],
        },
      ],
      [],
    );
    const fs = drbdFindings(ctx('en'), r);
    expect(fs.map((f) => [f.cause, f.severity])).toEqual([['resync', 'warning']]);
    expect(fs[0]!.title).toBe('DRBD nfs-e/r0: resync in progress (PausedSyncS, PausedSyncT)');
    const split = assessDrbdResource(
      'r0',
      [
        {
          ...view('nfs51', 'nfs52', { role: 'Primary' }, 'StandAlone'),
          peers: [
            { peer: 'nfs52', connection: 'StandAlone', partner: true },
            {
              peer: 'dr51',
              connection: 'Connected',
              replication: 'SyncSource',
              donePercent: 5,
              partner: false,
            },
          ],
        },
        view('nfs52', 'nfs51', { role: 'Primary' }, 'StandAlone'),
      ],
      [],
    );
    expect(split.sync).toHaveLength(1);
    expect(drbdFindings(ctx('en'), split).map((f) => f.cause)).toEqual(['split-brain']);
    const healthy = (node: string, partner: string): DrbdNodeView => ({
      ...view(node, partner, {}, 'Connected'),
      peers: [{ peer: partner, connection: 'Connected', peerDisk: 'UpToDate', partner: true }],
    });
    const ok = assessDrbdResource('r0', [healthy('nfs51', 'nfs52'), healthy('nfs52', 'nfs51')], []);
    expect(drbdFindings(ctx('en'), ok)).toEqual([]);
  });

  it.each([
    [
      'a StandAlone link leads the headline and plans a reconnect on that node',
      [
        view('nfs51', 'nfs52', { role: 'Primary' }, 'StandAlone'),
        view('nfs52', 'nfs51', { disk: 'Outdated' }, 'WFConnection'),
      ],
      [],
      {},
      'DRBD nfs-e/r0 is degraded: ',
      'reconnect on nfs51',
    ],
    [
      'a peer whose resource is down leads with that node and plans to bring it up',
      [view('nfs51', 'nfs52', { role: 'Primary' }, 'Connecting')],
      [],
      { downOn: ['nfs52'] },
      'DRBD nfs-e/r0 is degraded: ',
      'nfs52 answers, but the resource is not up there',
    ],
    [
      'a missing peer plans to look for it',
      [view('nfs51', 'nfs52', { role: 'Primary' }, 'Connecting')],
      ['nfs52'],
      {},
      'DRBD nfs-e/r0 is degraded: ',
      'Find out why the peer is missing',
    ],
    [
      'a Diskless node plans to check and re-attach its disk',
      // nfs51 sees its peer Diskless before nfs52 reports its own disk: the steps must name nfs52.
      [
        {
          ...view('nfs51', 'nfs52', { role: 'Primary' }, 'Connected'),
          peers: [{ peer: 'nfs52', connection: 'Connected', peerDisk: 'Diskless', partner: true }],
        },
        {
          ...view('nfs52', 'nfs51', { disk: 'Diskless' }, 'Connected'),
          peers: [{ peer: 'nfs51', connection: 'Connected', peerDisk: 'UpToDate', partner: true }],
        },
      ],
      [],
      {},
      'DRBD nfs-e/r0 is degraded: ',
      'On nfs52, check the backing disk',
    ],
  ] as [string, DrbdNodeView[], string[], { downOn?: string[] }, string, string][])(
    '%s',
    (_, nodes, unreachable, opts, title, step) => {
      const [f] = drbdFindings(ctx('en'), assessDrbdResource('r0', nodes, unreachable, opts));
      expect(f).toMatchObject({ cause: 'degraded', severity: 'warning' });
      expect(f!.title.startsWith(title)).toBe(true);
      expect(f!.title.length).toBeGreaterThan(title.length);
      expect(f!.steps.map((s) => s.text).join('\n')).toContain(step);
    },
  );

  it('the StandAlone node leads and is where to reconnect, even when another fact comes first', () => {
    const r = assessDrbdResource(
      'r0',
      [
        view('nfs51', 'nfs52', { role: 'Primary' }, 'WFConnection'),
        view('nfs52', 'nfs51', { disk: 'Outdated' }, 'StandAlone'),
      ],
      [],
    );
    const [f] = drbdFindings(ctx('en'), r);
    expect(f!.title).toBe('DRBD nfs-e/r0 is degraded: nfs52: connection to nfs51 StandAlone');
    expect(f!.steps.map((s) => s.text).join('\n')).toContain('reconnect on nfs52');
    expect(f!.summary.split('; ').length).toBeGreaterThan(2);
  });

  it('several resyncs: the slowest percentage is the progress, and each is named', () => {
    const r = assessDrbdResource(
      'r0',
      [
        {
          ...view('nfs51', 'nfs52', { role: 'Primary' }, 'Connected'),
          peers: [
            {
              peer: 'nfs52',
              connection: 'Connected',
              replication: 'SyncSource',
              peerDisk: 'Inconsistent',
              donePercent: 90,
              partner: true,
            },
            {
              peer: 'dr51',
              connection: 'Connected',
              replication: 'SyncSource',
              peerDisk: 'Inconsistent',
              donePercent: 40,
              partner: false,
            },
          ],
        },
      ],
      [],
    );
    const fs = drbdFindings(ctx('en'), r);
    const sync = fs.find((f) => f.cause === 'resync')!;
    expect(sync.title).toBe('DRBD nfs-e/r0: resync in progress (40%)');
    expect(sync.summary.split('; ')).toHaveLength(2);
  });

  it('a resource down on both nodes names them', () => {
    const [f] = drbdFindings(ctx('en'), assessDrbdResource('r0', [], [], { downOn: ['nfs51', 'nfs52'] }));
    expect(f).toMatchObject({
      cause: 'down',
      severity: 'warning',
      title: 'DRBD nfs-e/r0 is down on nfs51, nfs52 (Unconfigured)',
    });
    expect(f!.summary).toContain('nfs51');
  });
});
