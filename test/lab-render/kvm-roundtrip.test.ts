/** Every KVM-host answer of the lab parses back, with our own parsers, to the world's numbers — live. */
import { describe, expect, it } from 'vitest';
import { createHostResponder } from '../../src/lab/host-responder.ts';
import { loadScenario } from '../../src/lab/load-scenario.ts';
import { LabWorld } from '../../src/lab/world.ts';
import { parseKernelOom } from '../../src/parsers/kernel-oom.ts';
import { parseMeminfo } from '../../src/parsers/meminfo.ts';
import { parseVirshDominfo } from '../../src/parsers/virsh-dominfo.ts';
import { parseVirshDommemstat } from '../../src/parsers/virsh-dommemstat.ts';
import { parseVirshDomstats } from '../../src/parsers/virsh-domstats.ts';
import { parseDomainXmlMemory } from '../../src/parsers/virsh-dumpxml.ts';
import { parseVirshList } from '../../src/parsers/virsh-list.ts';
import { layoutsScenario } from './world-fixtures.ts';

const JOURNAL = ['journalctl', '-k', '--no-pager', '-o', 'short-iso', '--since'];

function kvmResponder(world: LabWorld, host: string) {
  const h = world.hostByName(host)!;
  return createHostResponder(world, { kind: 'kvm', host: h });
}

describe.each(['4.18.1', '4.17.0', '4.15.2'])('CloudStack %s memory layouts', (version) => {
  const world = new LabWorld(layoutsScenario(version));
  const kvm01 = kvmResponder(world, 'kvm01');
  const running = world.vmsOnHost(world.hostByName('kvm01')!).filter((v) => v.state === 'Running');

  it('virsh list --all shows exactly the running (transient) domains', () => {
    const r = kvm01(['virsh', 'list', '--all']);
    expect(r.code).toBe(0);
    const p = parseVirshList(r.stdout);
    expect(p.warnings).toEqual([]);
    expect(p.domains).toEqual(running.map((v) => ({ id: v.domId, name: v.instanceName, state: 'running' })));
  });

  it('domstats, dominfo, dumpxml and dommemstat agree with each domain', () => {
    const stats = parseVirshDomstats(kvm01(['virsh', 'domstats', '--balloon', '--state']).stdout);
    expect(stats.warnings).toEqual([]);
    for (const vm of running) {
      const d = vm.domain!;
      const withStats = vm.spec.statsPeriod !== 0;
      const s = stats.domains.find((x) => x.name === vm.instanceName)!;
      expect(s.state).toBe(1);
      expect(s.balloon.current).toBe(d.currentMemoryKiB);
      expect(s.balloon.maximum).toBe(d.memoryKiB);
      expect(s.balloon.available).toBe(withStats ? world.guestMemTotalKiB(vm) : undefined);

      const info = parseVirshDominfo(kvm01(['virsh', 'dominfo', vm.instanceName]).stdout);
      expect(info).toMatchObject({
        name: vm.instanceName,
        uuid: vm.id,
        maxMemoryKiB: d.memoryKiB,
        usedMemoryKiB: d.currentMemoryKiB,
        persistent: false,
        cpus: vm.offering.cpu,
        warnings: [],
      });

      const xml = parseDomainXmlMemory(kvm01(['virsh', 'dumpxml', vm.instanceName]).stdout);
      expect(xml).toEqual({
        name: vm.instanceName,
        memoryKiB: d.memoryKiB,
        currentMemoryKiB: d.currentMemoryKiB,
        maxMemoryKiB: d.maxMemoryKiB,
        maxMemorySlots: d.maxMemoryKiB === null ? null : 16,
        numaCellMemoryKiB: d.maxMemoryKiB === null ? null : d.currentMemoryKiB,
        memballoonModel: 'virtio',
        statsPeriod: withStats ? 10 : null,
        vcpus: vm.offering.cpu,
        warnings: [],
      });

      const mem = parseVirshDommemstat(kvm01(['virsh', 'dommemstat', vm.instanceName]).stdout);
      expect(mem.actual).toBe(d.currentMemoryKiB);
      expect(mem.available).toBe(withStats ? world.guestMemTotalKiB(vm) : undefined);
      expect(mem.warnings).toEqual([]);
    }
  });
});

describe('KVM host answers', () => {
  it('the 4.18.1 capped VM has <maxMemory> 6 GiB over a 3 GiB boot; memballoon.disable gives the full offering', () => {
    const world = new LabWorld(layoutsScenario('4.18.1'));
    const capped = parseDomainXmlMemory(
      kvmResponder(world, 'kvm01')(['virsh', 'dumpxml', world.vmByName('capped')!.instanceName]).stdout,
    );
    expect(capped).toMatchObject({ memoryKiB: 3145728, maxMemoryKiB: 6291456, numaCellMemoryKiB: 3145728 });
    const nb = world.vmByName('noballoon')!;
    const kvm02 = kvmResponder(world, 'kvm02');
    expect(parseDomainXmlMemory(kvm02(['virsh', 'dumpxml', nb.instanceName]).stdout)).toMatchObject({
      memoryKiB: 6291456,
      maxMemoryKiB: null,
      memballoonModel: 'none',
      statsPeriod: null,
    });
    expect(parseVirshDommemstat(kvm02(['virsh', 'dommemstat', nb.instanceName]).stdout)).toEqual({
      actual: 6291456,
      lastUpdate: 0,
      rss: expect.any(Number),
      warnings: [],
    });
  });

  it('reads the world live: stop removes the domain, a setting change shows after stop/start', () => {
    const world = new LabWorld(layoutsScenario('4.18.1'));
    const kvm01 = kvmResponder(world, 'kvm01');
    const vm = world.vmByName('capped')!;
    const name = vm.instanceName;
    world.stopVm(vm);
    expect(parseVirshList(kvm01(['virsh', 'list', '--all']).stdout).domains.map((d) => d.name)).not.toContain(
      name,
    );
    expect(kvm01(['virsh', 'dominfo', name])).toEqual({
      stdout: '',
      stderr: `error: failed to get domain '${name}'\n`,
      code: 1,
    });
    world.setSetting('vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor', 'false');
    world.startVm(vm);
    expect(parseVirshDominfo(kvm01(['virsh', 'dominfo', name]).stdout).maxMemoryKiB).toBe(6291456);
    expect(
      parseVirshDomstats(kvm01(['virsh', 'domstats', '--balloon', '--state']).stdout).domains.find(
        (d) => d.name === name,
      )?.balloon.current,
    ).toBe(6291456);
  });

  it('host /proc/meminfo: MemTotal from the host size, free memory shrinks with running domains', () => {
    const world = new LabWorld(layoutsScenario());
    const kvm01 = kvmResponder(world, 'kvm01');
    const before = parseMeminfo(kvm01(['cat', '/proc/meminfo']).stdout);
    expect(before.warnings).toEqual([]);
    expect(before.memTotalKiB).toBeGreaterThan(65536 * 1024 * 0.97);
    expect(before.memTotalKiB).toBeLessThan(65536 * 1024);
    world.startVm(world.vmByName('off')!);
    expect(parseMeminfo(kvm01(['cat', '/proc/meminfo']).stdout).memAvailableKiB!).toBeLessThan(
      before.memAvailableKiB!,
    );
  });

  it('host kernel log: only the host OOM kills, filtered by --since', () => {
    const world = new LabWorld(layoutsScenario());
    const kvm01 = kvmResponder(world, 'kvm01');
    const all = parseKernelOom(kvm01([...JOURNAL, '-24h']).stdout);
    expect(all.events.map((e) => [e.at, e.victim])).toEqual([
      [
        '2026-11-24T02:00:00Z',
        { pid: 9001, name: 'qemu-system-x86', totalVmKiB: 7_000_000, anonRssKiB: 6_200_000 },
      ],
    ]);
    expect(kvm01([...JOURNAL, '2026-11-24 02:00:01']).stdout).toBe('-- No entries --\n');
    expect(parseKernelOom(kvm01([...JOURNAL, '2026-11-24T01:00:00Z']).stdout).events).toHaveLength(1);
    expect(kvm01([...JOURNAL, 'yesterday-ish'])).toMatchObject({
      code: 1,
      stderr: 'Failed to parse timestamp: yesterday-ish\n',
    });
  });

  it('refuses what a real host would refuse', () => {
    const kvm01 = kvmResponder(new LabWorld(layoutsScenario()), 'kvm01');
    expect(kvm01(['rm', '-rf', '/'])).toEqual({
      stdout: '',
      stderr: 'bash: rm: command not found\n',
      code: 127,
    });
    expect(kvm01(['drbdadm', 'status'])).toMatchObject({ code: 127 });
    expect(kvm01(['virsh', 'destroy', 'i-2-31-VM'])).toMatchObject({
      code: 1,
      stderr: "error: unknown command: 'destroy'\n",
    });
    expect(kvm01(['virsh', 'list', '--bogus'])).toMatchObject({
      code: 1,
      stderr: "error: command 'list' doesn't support option --bogus\n",
    });
    expect(kvm01(['virsh', 'dominfo'])).toMatchObject({
      code: 1,
      stderr: "error: command 'dominfo' requires <domain> option\n",
    });
    expect(kvm01(['cat', '/etc/shadow'])).toMatchObject({ code: 1, stdout: '' });
  });
});

describe('guest answers', () => {
  it('guest /proc/meminfo MemTotal is what the balloon left it, and the OOM kills read back', async () => {
    const world = new LabWorld(await loadScenario('oom-web'));
    const vm = world.vmByName('web01')!;
    const g = createHostResponder(world, { kind: 'guest', vm });
    const mem = parseMeminfo(g(['cat', '/proc/meminfo']).stdout);
    expect(mem.memTotalKiB).toBe(world.guestMemTotalKiB(vm));
    expect(mem.warnings).toEqual([]);
    const oom = parseKernelOom(g([...JOURNAL, '-24h']).stdout);
    expect(oom.warnings).toEqual([]);
    expect(oom.events.map((e) => ({ at: e.at, ...e.victim, invokedBy: e.invokedBy }))).toEqual(
      vm.spec.oom.map((e) => ({
        at: e.at,
        pid: e.pid,
        name: e.process,
        totalVmKiB: e.totalVmKiB,
        anonRssKiB: e.anonRssKiB,
        invokedBy: e.process,
      })),
    );
  });
  it('the guest OOM kills never show on its KVM host', async () => {
    const world = new LabWorld(await loadScenario('oom-web'));
    const host = world.hostByName('kvm01')!;
    expect(createHostResponder(world, { kind: 'kvm', host })([...JOURNAL, '-24h']).stdout).toBe(
      '-- No entries --\n',
    );
  });
});
