/**
 * 7.19: every result says whether there is a problem (ok / warning / problem / could not check), decided
 * by the tool from what it found, over the lab's real SSH and API — not whether the tool ran.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { severityOf } from '../../src/tools/severity.ts';
import { type LabService, startLabService } from '../helpers/lab-service.ts';

describe('severityOf (the rule when a tool does not say)', () => {
  it.each([
    [{ status: 'ok', warnings: [] }, 'ok'],
    [{ status: 'ok', warnings: ['kvm04: unreachable'] }, 'warning'],
    [{ status: 'no_data', warnings: [] }, 'unknown'],
    [{ status: 'error', warnings: [] }, 'unknown'],
    [{ status: 'error', warnings: [], severity: 'ok' }, 'unknown'],
    [{ status: 'no_data', warnings: [], severity: 'ok' }, 'ok'],
    [{ status: 'ok', warnings: ['x'], severity: 'ok' }, 'warning'],
    [{ status: 'ok', warnings: ['x'], severity: 'problem' }, 'problem'],
  ] as const)('%j → %s', (e, want) => {
    expect(severityOf({ ...e, warnings: [...e.warnings] })).toBe(want);
  });
});

describe('memory-cap lab', () => {
  let s: LabService;
  beforeAll(async () => {
    s = await startLabService('memory-cap');
  });
  afterAll(() => s.close());

  it('capped VMs are a problem, not a green tick', async () => {
    const e = await s.service.runTool('fleet_memory_audit', {});
    expect(e.status).toBe('ok');
    expect(e.severity).toBe('problem');
  });

  it('with the API down the audit could not check (never ok)', async () => {
    s.lab.setApiFault('5xx');
    try {
      const e = await s.service.runTool('fleet_memory_audit', {});
      expect(e.severity).toBe('unknown');
    } finally {
      s.lab.setApiFault('none');
    }
  });

  it('a host with no OOM kills is ok even though there is "no data"', async () => {
    const e = await s.service.runTool('oom_kills', { target: 'kvm01', since: '-24h' });
    expect(e.status).toBe('no_data');
    expect(e.severity).toBe('ok');
  });

  it('management_log shows the matching lines themselves in its table (7.20), not only counts', async () => {
    const vm = s.lab.world.vmByName('web01')!;
    const e = await s.service.runTool('management_log', { lines: 100, match: `vm id: ${vm.dbId},` });
    const tool = s.service.tools().find((t) => t.name === 'management_log')!;
    const table = tool.table?.(e.data, 'en');
    expect(table?.rows).toHaveLength(1);
    expect(table!.rows[0]![0]).toBe('mgmt01');
    expect(table!.rows[0]![1]).toContain(`vm id: ${vm.dbId},`);
  });
});

describe('oom-web lab', () => {
  let s: LabService;
  beforeAll(async () => {
    s = await startLabService('oom-web');
  });
  afterAll(() => s.close());

  it('OOM kills are a problem', async () => {
    const e = await s.service.runTool('oom_kills', { target: 'web01', since: '-7d' });
    expect(e.severity).toBe('problem');
  });
});
