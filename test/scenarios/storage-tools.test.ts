/** drbd_status and pacemaker_status end to end over the lab's SSH: what their summaries claim, in both languages. */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/lab/load-scenario.ts';
import type { DrbdStatusData } from '../../src/tools/storage/drbd-status.ts';
import type { PacemakerStatusData } from '../../src/tools/storage/pacemaker-status.ts';
import { startLabService } from '../helpers/lab-service.ts';

describe('drbd_status', () => {
  it('an Unconfigured 8.4 minor is not counted among healthy resources, and the runbook says it is down', async () => {
    const scenario = await loadScenario('drbd-split-second-resource');
    const r1 = scenario.storagePairs[0]!.drbd[1]!;
    r1.nodes.nfs51 = { ...r1.nodes.nfs51!, connection: 'Unconfigured' };
    r1.nodes.nfs52 = { ...r1.nodes.nfs52!, connection: 'Unconfigured' };
    scenario.storagePairs[0]!.kernelLog = {};
    const s = await startLabService(scenario);
    try {
      const env = await s.service.runTool('drbd_status', {}, { lang: 'en' });
      const d = env.data as DrbdStatusData;
      expect(d.pairs[0]!.resources.map((r) => [r.resource, r.verdict])).toEqual([
        ['r0', 'healthy'],
        ['r1', 'unconfigured'],
      ]);
      expect(env.summary).not.toContain('All 2 DRBD resources');
      expect(env.summary).toContain('nfs-e/r1: unconfigured');
      const diag = await s.service.diagnose('drbd', { lang: 'en' });
      const f = diag.findings.find((x) => x.cause === 'down');
      expect(f?.title).toBe('DRBD nfs-e/r1 is down on nfs51, nfs52 (Unconfigured)');
      expect(f?.steps.map((x) => x.text).join('\n')).toContain('drbdadm up r1');
    } finally {
      await s.close();
    }
  });

  it('three-node resync: the summary names the second peer and its progress, in Japanese too', async () => {
    const s = await startLabService('drbd9-resync-third-node');
    try {
      const en = await s.service.runTool('drbd_status', {}, { lang: 'en' });
      expect(en.summary).toBe('nfs-g/r0: syncing — nfs71 ↔ dr71: SyncSource 90.91%');
      const ja = await s.service.runTool('drbd_status', {}, { lang: 'ja' });
      expect(ja.summary).toBe('nfs-g/r0: 再同期中 — nfs71 ↔ dr71: SyncSource 90.91%');
      expect((ja.data as DrbdStatusData).pairs[0]!.resources[0]!.sync).toHaveLength(1);
    } finally {
      await s.close();
    }
  });
});

describe('pacemaker_status', () => {
  it('standby is a verdict with its cause, and the summary is in the operator language', async () => {
    const s = await startLabService('pacemaker-standby');
    try {
      const env = await s.service.runTool('pacemaker_status', {}, { lang: 'ja' });
      const p = (env.data as PacemakerStatusData).pairs[0]!;
      expect(p.verdict).toMatchObject({ cause: 'node-standby', severity: 'warning', affected: ['nfs82'] });
      expect(env.summary).toBe('nfs-h: ノード nfs82 がスタンバイ中');
    } finally {
      await s.close();
    }
  });
});
