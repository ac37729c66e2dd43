/** storage_pools over the lab's signed API: pools, their volumes, VMs and DRBD pair, and honest problem flags. */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/lab/load-scenario.ts';
import type { StoragePoolsData } from '../../src/tools/storage/storage-pools.ts';
import { startLabService } from '../helpers/lab-service.ts';

describe('storage_pools', () => {
  it('a 95%-allocated pool is a warning with its numbers; each pool names its volumes, VMs and pair', async () => {
    const s = await startLabService('storage-move');
    try {
      const env = await s.service.runTool('storage_pools', {}, { lang: 'en' });
      expect(env.status).toBe('ok');
      expect(env.severity).toBe('warning');
      const d = env.data as StoragePoolsData;
      const a = d.pools.find((p) => p.name === 'primary-nfs-a')!;
      expect(a).toMatchObject({
        address: 'nfs-a:/export/primary',
        state: 'Up',
        pair: 'nfs-a',
        vms: ['db01', 'web01', 'web02'],
        allocatedPercent: 94.7,
      });
      expect(a.volumes).toHaveLength(3);
      expect(d.pools.find((p) => p.name === 'primary-nfs-b')).toMatchObject({ vms: ['app01'], problems: [] });
      expect(env.summary).toContain('primary-nfs-a is 94.7% allocated (1.9 TiB of 2 TiB)');
      const ja = await s.service.runTool('storage_pools', {}, { lang: 'ja' });
      expect(ja.summary).toContain('primary-nfs-a は 94.7% 割り当て済み（2 TiB 中 1.9 TiB）');
    } finally {
      await s.close();
    }
  });

  it('a pool that is not Up is flagged; a healthy cloud reports no problem', async () => {
    const scenario = await loadScenario('storage-move');
    scenario.storagePairs[1]!.pool.state = 'Disabled';
    scenario.storagePairs[0]!.pool.otherAllocatedGiB = 0;
    const s = await startLabService(scenario);
    try {
      const env = await s.service.runTool('storage_pools', {}, { lang: 'en' });
      expect(env.severity).toBe('warning');
      expect(env.summary.split('\n')[0]).toBe('primary-nfs-b is Disabled, not Up');
    } finally {
      await s.close();
    }
    const h = await startLabService('healthy');
    try {
      const env = await h.service.runTool('storage_pools', {}, { lang: 'en' });
      expect(env.severity).toBe('ok');
      expect((env.data as StoragePoolsData).pools[0]!.vms).toEqual([
        'app01',
        'db01',
        'web01',
        'web02',
        'web03',
      ]);
    } finally {
      await h.close();
    }
  });
});
