/** The lab shapes added for host incidents: settings changed after start at zone/cluster scope, a custom offering's memory detail, and a host kernel log whose qemu kill names the domain. */
import { describe, expect, it } from 'vitest';
import { offeringViews, vmView } from '../../src/lab/api/views.ts';
import { loadScenario } from '../../src/lab/load-scenario.ts';
import { oomReport, qemuScope } from '../../src/lab/render/kernel-log.ts';
import { LabWorld } from '../../src/lab/world.ts';
import { parseKernelOom } from '../../src/parsers/kernel-oom.ts';

describe('lab scenario shapes', () => {
  it('zone- and cluster-scope values changed after start are stored, running domains keep their size', async () => {
    const w = new LabWorld(await loadScenario('cluster-setting-after-start'));
    const cluster = w.clusters[0]!;
    const key = 'vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor';
    expect(w.effectiveSetting(key, { cluster })).toBe('false');
    expect(w.effectiveSetting('enable.dynamic.scale.vm', { zone: w.zones[0]! })).toBe('true');
    expect(w.globals.get('enable.dynamic.scale.vm')).toBe('false');
    // Booted while the division was on: 8192 MiB ÷ 2.
    expect(w.vmByName('api31')!.domain!.currentMemoryKiB).toBe(4 * 1024 * 1024);
  });

  it('a custom offering VM is sized and shown by its memory detail', async () => {
    const w = new LabWorld(await loadScenario('custom-offering-capped'));
    const vm = w.vmByName('big01')!;
    expect(vmView(w, vm)).toMatchObject({ memory: 12288, details: { memory: '12288' } });
    // Booted at the detail ÷ ratio 2 (the offering default of 1024 MiB would give 512 MiB).
    expect(vm.domain!.memoryKiB).toBe((12288 / 2) * 1024);
    expect(offeringViews(w)[0]).toMatchObject({ iscustomized: true });
    expect(offeringViews(w)[0]).not.toHaveProperty('memory');
  });

  it.each([
    ['none', 'host', 'Out of memory: Killed process'],
    ['memcg', 'memcg', 'Memory cgroup out of memory: Killed process'],
  ] as const)(
    'a qemu kill (%s) renders a report that parses back to scope %s and the domain',
    (constraint, scope, kill) => {
      const lines = oomReport(
        { at: '2026-11-24T00:00:00Z', vm: 'db05', constraint, pid: 4, totalVmKiB: 10, anonRssKiB: 8 },
        {
          hardware: 'x',
          ramKiB: 1024,
          kernel: '6.1.0',
          domainOf: () => ({ instanceName: 'i-2-35-VM', domId: 7 }),
        },
      );
      expect(lines.at(-1)).toContain(kill);
      const [e] = parseKernelOom(`${lines.map((l) => `[ 1.0] ${l}`).join('\n')}\n`).events;
      expect(e).toMatchObject({ scope, domain: 'i-2-35-VM', victim: { name: 'qemu-kvm', pid: 4 } });
      expect(qemuScope('i-2-35-VM', 7)).toBe(
        '/machine.slice/machine-qemu\\x2d7\\x2di\\x2d2\\x2d35\\x2dVM.scope',
      );
    },
  );
});
