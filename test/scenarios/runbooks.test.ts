/** Every lab scenario, diagnosed end to end over real SSH and signed HTTP: the right cause, or nothing at all. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/lab/load-scenario.ts';
import { renderDiagnosisText } from '../../src/runbooks/render-text.ts';
import type { FleetAuditData } from '../../src/tools/memory/fleet-memory-audit.ts';
import { type LabService, startLabService } from '../helpers/lab-service.ts';

describe('memory-cap scenario', () => {
  let s: LabService;
  beforeAll(async () => {
    s = await startLabService('memory-cap');
  });
  afterAll(() => s.close());

  it('audits the fleet: every running VM at 50% of its offering, grouped under overprovisioning', async () => {
    const env = await s.service.runTool('fleet_memory_audit', {});
    expect(env.status).toBe('ok');
    const d = env.data as FleetAuditData;
    expect(d.runningVms).toBe(5);
    expect(d.cappedCount).toBe(5);
    expect(env.summary).toContain('5 of 5 running VMs have only 50% of their offering');
    expect(d.groups).toEqual([
      expect.objectContaining({ cause: 'overprovisioning', cluster: 'cl-tokyo-a', ratio: 2 }),
    ]);
    expect(d.unreachableHosts).toEqual([]);
  });

  it('diagnoses the cap as the global default with the evidence chain and a stop/start plan', async () => {
    const d = await s.service.diagnose('VMs only see 3GB', { lang: 'en' });
    const f = d.findings.find((x) => x.runbook === 'vm-memory-capped');
    expect(f?.cause).toBe('global');
    expect(f?.severity).toBe('critical');
    expect(f?.affected.sort()).toEqual(['app01', 'db01', 'web01', 'web02', 'web03']);
    const labels = f!.evidence.map((e) => `${e.label}=${e.value}`).join('\n');
    expect(labels).toContain('web01 service offering=6144 MiB');
    expect(labels).toMatch(/libvirt <memory> \/ <currentMemory>=3145728 KiB \/ 3145728 KiB/);
    expect(labels).toMatch(/libvirt <maxMemory>=6291456 KiB/);
    expect(labels).toMatch(/web01 guest MemTotal=\d+ kB/);
    expect(f!.steps[0]!.action).toEqual({
      tool: 'update_setting',
      input: {
        name: 'vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor',
        value: 'false',
        scope: 'global',
        expectedValue: 'true',
      },
    });
    expect(f!.steps.some((st) => st.action?.tool === 'stop_vm')).toBe(true);
    expect(f!.steps.some((st) => /reboot/.test(st.text))).toBe(true);
  });

  it('answers in Japanese when asked in Japanese', async () => {
    const d = await s.service.diagnose('Webサーバーが落ちる。メモリが3GBしかない', { lang: 'ja' });
    expect(d.findings[0]?.title).toContain('台のVMがサービスオファリングの 50% のメモリで稼働しています');
  });

  it('a VM shows its full offering only after the setting change and a stop/start, not before', async () => {
    // Stopping and starting a VM changes the world for good: this test gets a lab of its own.
    const own = await startLabService('memory-cap');
    try {
      const vm = own.lab.world.vmByName('web02')!;
      own.lab.world.setSetting('vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor', 'false');
      const before = await own.service.runTool('vm_memory', { vm: 'web02' });
      expect((before.data as { verdict: string }).verdict).toBe('capped');
      own.lab.world.stopVm(vm);
      own.lab.world.startVm(vm);
      const after = await own.service.runTool('vm_memory', { vm: 'web02' });
      expect((after.data as { verdict: string }).verdict).toBe('full');
    } finally {
      await own.close();
    }
  });

  it('capacity shows each cluster with the overprovisioning factor applied to host RAM', async () => {
    const env = await s.service.runTool('capacity', {});
    expect(env.status).toBe('ok');
    const d = env.data as { hosts: { host: string; totalBytes: number }[] };
    // 64 GiB hosts × memoryOvercommitRatio 2
    expect(d.hosts.find((h) => h.host === 'kvm01')?.totalBytes).toBe(2 * 65536 * 1024 * 1024);
    expect(env.summary).toMatch(/cluster cl-tokyo-a: .* memory allocated/);
  });

  it('management_log reads the tail of management-server.log and filters it here, not on the host', async () => {
    const vm = s.lab.world.vmByName('web01')!;
    const env = await s.service.runTool('management_log', { lines: 100, match: `vm id: ${vm.dbId},` });
    expect(env.status).toBe('ok');
    const d = env.data as { servers: { host: string; lines: string[] }[] };
    expect(d.servers[0]!.host).toBe('mgmt01');
    expect(d.servers[0]!.lines).toHaveLength(1);
    expect(env.runs.map((r) => r.what)).toEqual([
      'tail -n 100 /var/log/cloudstack/management/management-server.log',
    ]);
  });

  it('with the API down it says nothing can be concluded, never "no problem found"', async () => {
    s.lab.setApiFault('5xx');
    try {
      const d = await s.service.diagnose('VMs only see 3GB', { lang: 'en' });
      expect(d.findings).toEqual([]);
      expect(d.incomplete?.map((i) => i.tool)).toContain('fleet_memory_audit');
      const text = renderDiagnosisText(d);
      expect(text).toContain('Could not complete the checks');
      expect(text).not.toContain('No problem found');
    } finally {
      s.lab.setApiFault('none');
    }
  });

  it.each(['fleet_memory_audit', 'capacity'])(
    '%s with an unknown cluster is a clear input error',
    async (tool) => {
      const env = await s.service.runTool(tool, { cluster: 'cl-nowhere' });
      expect(env.error).toEqual({
        code: 'invalid_argument',
        message: 'no cluster "cl-nowhere" (clusters: cl-tokyo-a)',
      });
    },
  );

  it('an unknown VM gets a clear error, not "no problem found"', async () => {
    const d = await s.service.diagnose('web99');
    expect(d.error?.code).toBe('unknown_vm');
    expect(d.error?.message).toContain('web99');
  });
});

describe('guest memory without any way to see inside the guest', () => {
  it('vm_memory says "unknown", never a guess, when there is no guest SSH and no balloon stats', async () => {
    const scenario = await loadScenario('memory-cap');
    for (const h of scenario.zones[0]!.clusters[0]!.hosts) h.statsPeriod = 0;
    const s = await startLabService(scenario);
    try {
      const env = await s.service.runTool('vm_memory', { vm: 'web02' }, { lang: 'en' });
      const d = env.data as { guestKiB?: number; guestSource?: string; balloonKiB?: number };
      expect(d.balloonKiB).toBe(3145728);
      expect(d.guestKiB).toBeUndefined();
      expect(d.guestSource).toBeUndefined();
      expect(env.summary).toContain('guest sees unknown');
    } finally {
      await s.close();
    }
  });
});

describe('memory-cap-one-cluster scenario', () => {
  let s: LabService;
  beforeAll(async () => {
    s = await startLabService('memory-cap-one-cluster');
  });
  afterAll(() => s.close());

  it('names the cluster override as the cause and targets that cluster, not the global value', async () => {
    const d = await s.service.diagnose('memory', { lang: 'en' });
    const caps = d.findings.filter((x) => x.runbook === 'vm-memory-capped');
    expect(caps).toHaveLength(1);
    expect(caps[0]!.cause).toBe('cluster');
    expect(caps[0]!.affected.sort()).toEqual(['api21', 'web21', 'web22']);
    expect(caps[0]!.steps[0]!.action).toEqual({
      tool: 'update_setting',
      input: {
        name: 'vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor',
        value: 'false',
        scope: 'cluster',
        scopeName: 'cl-osaka-b',
        expectedValue: 'true',
      },
    });
    expect(JSON.stringify(caps[0]!.steps)).not.toContain('"scope":"global"');
  });
});

describe('healthy scenario', () => {
  let s: LabService;
  beforeAll(async () => {
    s = await startLabService('healthy');
  });
  afterAll(() => s.close());

  it.each(['something is wrong', 'memory', 'drbd', 'web01', 'kvm01', 'nfs01'])(
    'flags nothing for "%s"',
    async (target) => {
      const d = await s.service.diagnose(target, { lang: 'en' });
      expect(d.error).toBeUndefined();
      expect(d.findings).toEqual([]);
    },
  );
});

describe('drbd-split-brain scenario', () => {
  let s: LabService;
  beforeAll(async () => {
    s = await startLabService('drbd-split-brain');
  });
  afterAll(() => s.close());

  it('calls out split brain with the data-loss risk and the documented recovery', async () => {
    const d = await s.service.diagnose('storage after the power cut', { lang: 'en' });
    const f = d.findings.find((x) => x.runbook === 'drbd-split-brain');
    expect(f?.cause).toBe('split-brain');
    expect(f?.severity).toBe('critical');
    expect(f?.risk).toMatch(/discarded/);
    const steps = f!.steps.map((x) => x.text).join('\n');
    expect(steps).toContain('drbdadm connect --discard-my-data r0');
    expect(steps).toContain('nfs12');
    expect(f!.evidence.some((e) => /Split-Brain detected/.test(e.value))).toBe(true);
  });

  it('does not claim NFS is served when Pacemaker runs no NFS resource; the survivor rule is said', async () => {
    const pcmk = s.lab.world.storagePairs[0]!.pacemaker!;
    const saved = structuredClone(pcmk.resources);
    for (const r of pcmk.resources)
      if (r.id !== 'drbd-r0') Object.assign(r, { role: 'Stopped', runningOn: undefined });
    try {
      const d = await s.service.diagnose('drbd split brain', { lang: 'en' });
      const f = d.findings.find((x) => x.cause === 'split-brain')!;
      expect(f.summary).toContain('NFS is not being served by Pacemaker right now');
      expect(f.evidence.find((e) => e.label === 'suggested survivor')?.value).toBe(
        'nfs11 (it is the UpToDate Primary; NFS resources are not running anywhere)',
      );
    } finally {
      pcmk.resources = saved;
    }
  });
});

describe('storage-node-offline scenario', () => {
  let s: LabService;
  beforeAll(async () => {
    s = await startLabService('storage-node-offline');
  });
  afterAll(() => s.close());

  it('reports the offline Pacemaker node and the degraded pair', async () => {
    const d = await s.service.diagnose('nfs failover', { lang: 'en' });
    const f = d.findings.find((x) => x.runbook === 'pacemaker-node-down');
    expect(f?.cause).toBe('node-offline');
    expect(f?.affected).toEqual(['nfs02']);
    expect(d.findings.some((x) => x.runbook === 'drbd-split-brain' && x.cause === 'degraded')).toBe(true);
    expect(d.findings.some((x) => x.cause === 'split-brain')).toBe(false);
  });
});

describe('oom-web scenario', () => {
  let s: LabService;
  beforeAll(async () => {
    s = await startLabService('oom-web');
  });
  afterAll(() => s.close());

  it('reports the OOM kills and that the VM has its full offering (real memory pressure)', async () => {
    const d = await s.service.diagnose('web servers keep going down, OOM in the logs', { lang: 'en' });
    const f = d.findings.find((x) => x.runbook === 'oom-kills');
    expect(f?.cause).toBe('guest-memory-pressure');
    expect(f?.title).toContain('2 OOM kill(s) of httpd');
    expect(d.findings.some((x) => x.runbook === 'vm-memory-capped')).toBe(false);
  });
});

describe('a dead host during the fleet audit', () => {
  let s: LabService;
  beforeAll(async () => {
    s = await startLabService('memory-cap');
  });
  afterAll(() => s.close());

  it('lists the host as unreachable and audits all the others', async () => {
    await s.lab.setHostFault('kvm02', 'refused');
    const env = await s.service.runTool('fleet_memory_audit', {});
    const d = env.data as FleetAuditData;
    expect(d.unreachableHosts.map((u) => u.host)).toEqual(['kvm02']);
    expect(env.warnings.join('\n')).toMatch(/kvm02: unreachable/);
    const audited = d.vms
      .filter((v) => v.balloonKiB !== undefined)
      .map((v) => v.vm)
      .sort();
    expect(audited).toEqual(['db01', 'web01', 'web02']);
    expect(env.summary).toContain('Unreachable hosts (not audited via libvirt): kvm02');
  });

  it('a hung host fails within its timeout while the others answer', async () => {
    await s.lab.setHostFault('kvm02', 'silent');
    const t0 = Date.now();
    const env = await s.service.runTool('fleet_memory_audit', {});
    // The deadline is the point (a silent host must not hold the audit): generous against the lab's short
    // SSH timeouts, far below the silent host's "never answers".
    expect(Date.now() - t0).toBeLessThan(8000);
    expect((env.data as FleetAuditData).unreachableHosts.map((u) => u.host)).toEqual(['kvm02']);
  });
});
