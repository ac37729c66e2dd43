/**
 * The storage-move runbook on the lab: a move question (English or Japanese) gets the supported path in the
 * operator's language — no DB edit and why, the new pool as a human prerequisite, migrate_volume per volume
 * (stop/start around a running KVM VM), maintenance and removal — with the pools and volumes found as evidence.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/lab/load-scenario.ts';
import { isStorageMoveQuestion } from '../../src/runbooks/storage-move-intent.ts';
import type { Diagnosis, Finding } from '../../src/runbooks/types.ts';
import { startLabService } from '../helpers/lab-service.ts';

const moveFinding = (d: Diagnosis): Finding | undefined =>
  d.findings.find((f) => f.runbook === 'storage-move');
const text = (f: Finding) => [f.title, f.summary, f.risk ?? '', ...f.steps.map((s) => s.text)].join('\n');
const actions = (f: Finding) => f.steps.flatMap((s) => (s.action ? [s.action] : []));

describe('storage move intent', () => {
  it.each([
    'move the storage of the VMs on nfs-a to the new pair',
    'change the storage server name/address after rsync',
    'ストレージサーバーを移行したい',
    'プライマリストレージのサーバー名を変更',
    'migrate volumes from primary-nfs-a',
  ])('%s is a storage move question', (q) => {
    expect(isStorageMoveQuestion(q)).toBe(true);
  });

  it.each([
    'storage after the power cut',
    '停電後のストレージ',
    'VMs only see 3GB',
    'live migrate web01',
    'drbd split brain',
  ])('%s is not', (q) => {
    expect(isStorageMoveQuestion(q)).toBe(false);
  });
});

describe('storage-move runbook', () => {
  it('English: the supported path with one migrate_volume per volume, stop/start only around the running VM', async () => {
    const s = await startLabService('storage-move');
    try {
      const d = await s.service.diagnose('change the storage server name/address after rsync', {
        lang: 'en',
      });
      const f = moveFinding(d)!;
      expect(f).toMatchObject({ severity: 'warning', cause: 'pool-allocation', affected: ['primary-nfs-a'] });
      const t = text(f);
      expect(t).toContain('CloudStack has no supported way to change an NFS pool');
      expect(t).toContain('Editing the database by hand is refused');
      expect(t).toContain('Prerequisite (people, in the CloudStack UI or API, not the bot)');
      expect(t).toContain('Put primary-nfs-a in maintenance');
      expect(t).not.toMatch(/UPDATE |INSERT |DELETE FROM/);
      expect(actions(f)).toEqual([
        {
          tool: 'migrate_volume',
          input: { volume: 'ROOT-33', pool: 'primary-nfs-b', expectedPool: 'primary-nfs-a', vm: 'db01' },
        },
        { tool: 'stop_vm', input: { vm: 'web01' } },
        {
          tool: 'migrate_volume',
          input: {
            volume: 'ROOT-31',
            pool: 'primary-nfs-b',
            expectedPool: 'primary-nfs-a',
            vm: 'web01',
            afterStop: true,
          },
        },
        { tool: 'start_vm', input: { vm: 'web01' } },
        {
          tool: 'migrate_volume',
          input: { volume: 'ROOT-32', pool: 'primary-nfs-b', expectedPool: 'primary-nfs-a', vm: 'web02' },
        },
      ]);
      expect(f.evidence.map((e) => e.label)).toEqual([
        'pool primary-nfs-a',
        'pool primary-nfs-b',
        'volume ROOT-31',
        'volume ROOT-32',
        'volume ROOT-33',
      ]);
      expect(f.evidence[0]!.value).toBe(
        'nfs-a:/export/primary, Up, 1.9 TiB of 2 TiB allocated (94.7%), 3 volume(s), DRBD pair nfs-a',
      );
    } finally {
      await s.close();
    }
  });

  it('Japanese: all of it in Japanese', async () => {
    const s = await startLabService('storage-move');
    try {
      for (const q of ['プライマリストレージのサーバー名を変更', 'ストレージサーバーを移行したい']) {
        const d = await s.service.diagnose(q, { lang: 'ja' });
        const f = moveFinding(d)!;
        const t = text(f);
        expect(t).toContain('データベースの直接編集はお断りします');
        expect(t).toContain('前提（人が CloudStack の UI または API で行う作業で、ボットは行いません）');
        expect(t).toContain(
          'ボリューム ROOT-33（db01、100 GiB）を primary-nfs-a から primary-nfs-b へ migrate_volume で移行',
        );
        expect(t).toContain('メンテナンスモード');
        expect(actions(f).filter((a) => a.tool === 'migrate_volume')).toHaveLength(3);
        // No English sentence: only command, API and field names stay in Latin letters.
        expect(t).not.toMatch(/\b(the|is|are|and|to|of|with|not|pool|volume)\b/i);
        expect(f.evidence.map((e) => e.label)[0]).toBe('プール primary-nfs-a');
      }
    } finally {
      await s.close();
    }
  });

  it('a move question on a pool with room is info; a general sweep then says nothing about storage', async () => {
    const scenario = await loadScenario('storage-move');
    scenario.storagePairs[0]!.pool.otherAllocatedGiB = 0;
    const s = await startLabService(scenario);
    try {
      const d = await s.service.diagnose('move the storage of the VMs on nfs-a to nfs-b', { lang: 'en' });
      expect(moveFinding(d)).toMatchObject({ severity: 'info', cause: 'storage-move' });
      expect(moveFinding(d)!.title).toBe(
        'Moving the volumes of primary-nfs-a to primary-nfs-b: migrateVolume per volume, never the database',
      );
      const sweep = await s.service.diagnose('something is wrong', { lang: 'en' });
      expect(moveFinding(sweep)).toBeUndefined();
    } finally {
      await s.close();
    }
  });

  it.each([
    ['move the storage of the VMs to nfs-b', 'en'],
    ['nfs-b へストレージを移行したい', 'ja'],
    ['move the volumes from primary-nfs-a into the new pool primary-nfs-b', 'en'],
  ] as const)('a pool named as the destination is the target: %s', async (q, lang) => {
    const s = await startLabService('storage-move');
    try {
      const f = moveFinding(await s.service.diagnose(q, { lang }))!;
      expect(f.affected).toEqual(['primary-nfs-a']);
      const moves = actions(f).filter((a) => a.tool === 'migrate_volume');
      expect(moves.map((a) => [a.input.expectedPool, a.input.pool])).toEqual([
        ['primary-nfs-a', 'primary-nfs-b'],
        ['primary-nfs-a', 'primary-nfs-b'],
        ['primary-nfs-a', 'primary-nfs-b'],
      ]);
    } finally {
      await s.close();
    }
  });

  it('with only one pool: the new pool is the prerequisite, and nothing is proposed to run', async () => {
    const s = await startLabService('healthy');
    try {
      const d = await s.service.diagnose('move the storage of the VMs to the new pair', { lang: 'en' });
      const f = moveFinding(d)!;
      expect(f.title).toBe(
        'Moving primary storage primary-nfs-a: first add the new NFS export as a primary storage pool',
      );
      expect(actions(f)).toEqual([]);
      expect(text(f)).toContain('Then ask again: the plan below needs a target pool.');
    } finally {
      await s.close();
    }
  });

  it('a pool that is not Up is a warning of its own, checked on any storage question', async () => {
    const scenario = await loadScenario('storage-move');
    scenario.storagePairs[1]!.pool.state = 'Disabled';
    const s = await startLabService(scenario);
    try {
      const d = await s.service.diagnose('storage', { lang: 'en' });
      const f = d.findings.find((x) => x.cause === 'pool-state');
      expect(f?.title).toBe('Primary storage primary-nfs-b is Disabled, not Up');
      expect(f?.steps.map((x) => x.text).join('\n')).toContain('cancelStorageMaintenance');
      // The full pool's move plan has no Up target left: nothing to run.
      const full = d.findings.find((x) => x.cause === 'pool-allocation')!;
      expect(full.title).toContain('no other pool to move its volumes to');
      expect(actions(full)).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
