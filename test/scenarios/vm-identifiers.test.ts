/**
 * Issue 7 items 11 and 16, end to end on the memory-cap lab: a VM is found by its CloudStack name, instance
 * name (what `virsh list` shows) or UUID with the same diagnosis, and a question outside the runbooks never
 * reads as "no problem found".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/lab/load-scenario.ts';
import { renderDiagnosisText } from '../../src/runbooks/render-text.ts';
import { oomKills } from '../../src/tools/logs/oom-kills.ts';
import { type LabService, startLabService } from '../helpers/lab-service.ts';

describe('VM identifiers and out-of-runbook questions (memory-cap lab)', () => {
  let s: LabService;
  beforeAll(async () => {
    s = await startLabService('memory-cap');
  });
  afterAll(() => s.close());

  const web01 = () => s.lab.world.vmByName('web01')!;

  it.each([
    ['CloudStack name', () => 'web01'],
    ['instance name', () => web01().instanceName],
    ['UUID', () => web01().id],
  ])('diagnose by %s finds the cap on web01, never "No problem found"', async (_kind, id) => {
    const target = id();
    const d = await s.service.diagnose(target, { lang: 'en' });
    expect(d.error).toBeUndefined();
    const f = d.findings.find((x) => x.runbook === 'vm-memory-capped');
    expect(f?.affected).toContain('web01');
    expect(renderDiagnosisText(d)).not.toContain('No problem found');
  });

  it('vm_memory takes the instance name and the UUID as it takes the name', async () => {
    for (const vm of [web01().instanceName, web01().id]) {
      const env = await s.service.runTool('vm_memory', { vm });
      expect(env.status).toBe('ok');
      expect((env.data as { vm: string }).vm).toBe('web01');
    }
  });

  it('"why is the console slow" says it is outside the runbooks and what was checked', async () => {
    const d = await s.service.diagnose('why is the console slow', { lang: 'en' });
    expect(d.outsideRunbooks).toBe(true);
    expect(d.checked).toEqual(expect.arrayContaining(['vm-memory-capped', 'oom-kills']));
    // The lab's VMs are capped, so the sweep does find something; the answer must still not claim an answer.
    const empty = { ...d, findings: [] };
    const text = renderDiagnosisText(empty);
    expect(text).not.toContain('No problem found');
    expect(text).toContain('outside what the runbooks cover');
    expect(text).toContain('VM memory vs offering');
    // With the sweep's findings, the report still opens by saying they are not an answer to the question.
    expect(renderDiagnosisText(d).split('\n')[0]).toContain('outside what the runbooks cover');
  });

  it('Japanese: the out-of-scope answer is Japanese throughout', async () => {
    const d = await s.service.diagnose('コンソールが遅いのはなぜ', { lang: 'ja' });
    expect(d.outsideRunbooks).toBe(true);
    const text = renderDiagnosisText({ ...d, findings: [] });
    expect(text).toContain('ランブックの対象外');
    expect(text).not.toMatch(/outside|No problem/);
  });

  it('echoes at most a short prefix of a long question', async () => {
    const long = `why is the console slow ${'x'.repeat(5000)}`;
    const d = await s.service.diagnose(long, { lang: 'en' });
    const text = renderDiagnosisText({ ...d, findings: [] });
    expect(text).not.toContain('x'.repeat(50));
    expect(text.length).toBeLessThan(1000);
  });

  it('a single word that is a topic, not a VM ("split-brain"), is diagnosed as that topic', async () => {
    const d = await s.service.diagnose('split-brain', { lang: 'en' });
    expect(d.error).toBeUndefined();
    expect(d.outsideRunbooks).toBeUndefined();
    expect(d.checked).toContain('drbd-split-brain');
    expect(d.incomplete).toEqual([]);
  });
});

describe('a VM known by its display name (vm-by-instance-name lab)', () => {
  it('diagnose and vm_memory take the display name; the finding names the CloudStack name', async () => {
    const s = await startLabService(await loadScenario('vm-by-instance-name'));
    try {
      const d = await s.service.diagnose('shop-frontend-2', { lang: 'en' });
      expect(d.error).toBeUndefined();
      expect(d.findings.find((f) => f.runbook === 'vm-memory-capped')?.affected).toContain('web02');
      const env = await s.service.runTool('vm_memory', { vm: 'shop-frontend-2' });
      expect((env.data as { vm: string }).vm).toBe('web02');
    } finally {
      await s.close();
    }
  });
});

describe('oom_kills on a KVM host (host-oom-qemu lab)', () => {
  it('says per kill whether the machine ran out or a cgroup limit was hit, and names the domain', async () => {
    const s = await startLabService(await loadScenario('host-oom-qemu'));
    try {
      const env = await s.service.runTool('oom_kills', { target: 'kvm11' });
      const d = env.data as { events: { scope: string; domain?: string; constraint?: string }[] };
      expect(d.events).toEqual([
        expect.objectContaining({ scope: 'host', domain: 'i-2-35-VM', constraint: 'CONSTRAINT_NONE' }),
      ]);
      const table = oomKills.table!(env.data as never, 'en');
      expect(table?.rows[0]?.slice(4)).toEqual(['machine out of memory', 'i-2-35-VM']);
    } finally {
      await s.close();
    }
  });
});
