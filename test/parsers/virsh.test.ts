/** virsh parsers on the real outputs in shared/fixtures (LAB CloudStack-shaped domains and public examples). */
import { describe, expect, it } from 'vitest';
import { parseVirshDominfo } from '../../src/parsers/virsh-dominfo.ts';
import { parseVirshDommemstat } from '../../src/parsers/virsh-dommemstat.ts';
import { parseVirshDomstats } from '../../src/parsers/virsh-domstats.ts';
import { parseDomainXmlMemory } from '../../src/parsers/virsh-dumpxml.ts';
import { parseVirshList } from '../../src/parsers/virsh-list.ts';
import { fixtureSection, fixtureSections, readFixture } from '../helpers/fixtures.ts';

describe('parseVirshList', () => {
  it('reads the CloudStack host listing (running transient domains only)', () => {
    const r = parseVirshList(fixtureSection('virsh-list-all.txt', '$ virsh list --all'));
    expect(r.warnings).toEqual([]);
    expect(r.domains).toEqual([
      { id: 7, name: 'i-2-34-VM', state: 'running' },
      { id: 8, name: 'i-2-35-VM', state: 'running' },
    ]);
  });
  it('reads the older wide layout and inactive domains with a two-word state', () => {
    const r = parseVirshList(fixtureSection('virsh-list-all.txt', '[root@localhost'));
    expect(r.domains.map((d) => d.name)).toEqual(['wwl_centos7_1708', 'windows-virtio-template']);
    const off = parseVirshList(' Id   Name   State\n----------------------\n -    old    shut off\n\n');
    expect(off.domains).toEqual([{ id: null, name: 'old', state: 'shut off' }]);
  });
});

describe('parseVirshDomstats', () => {
  it('reads balloon figures of both LAB domains', () => {
    const r = parseVirshDomstats(
      fixtureSection('virsh-domstats-balloon-and-setmem-error.txt', '$ virsh domstats'),
    );
    expect(r.warnings).toEqual([]);
    expect(r.domains.map((d) => d.name)).toEqual(['i-2-34-VM', 'i-2-35-VM']);
    expect(r.domains[0]!.balloon).toEqual({
      current: 3145728,
      maximum: 3145728,
      available: 2976964,
      unused: 2939384,
      usable: 2864736,
      rss: 3219944,
      lastUpdate: 1795538587,
    });
    expect(r.domains[1]!.balloon.available).toBe(6067392);
  });
  it('reads state.state/state.reason from --state', () => {
    const r = parseVirshDomstats(
      "Domain: 'a'\n  state.state=3\n  state.reason=1\n  balloon.current=1024\n\n",
    );
    expect(r.domains).toEqual([{ name: 'a', state: 3, reason: 1, balloon: { current: 1024 } }]);
  });
  it('an error message instead of stats is a warning, not a domain', () => {
    const r = parseVirshDomstats(fixtureSection('virsh-domstats-balloon-and-setmem-error.txt', 'setmem'));
    expect(r.domains).toEqual([]);
    expect(r.warnings.join()).toContain('cannot set memory higher');
  });
});

describe('parseVirshDominfo', () => {
  it('reads "Max memory" (= <memory>) and Persistent: no of a CloudStack domain', () => {
    const r = parseVirshDominfo(fixtureSection('virsh-dominfo-cloudstack-3G-vs-6G.txt', 'dominfo i-2-34-VM'));
    expect(r).toMatchObject({
      id: 1,
      name: 'i-2-34-VM',
      uuid: '3c0e1a52-8c0e-4f57-9d3b-6a2f0f1b2c34',
      state: 'running',
      cpus: 2,
      maxMemoryKiB: 3145728,
      usedMemoryKiB: 3145728,
      persistent: false,
      autostart: false,
      warnings: [],
    });
    expect(
      parseVirshDominfo(fixtureSection('virsh-dominfo-cloudstack-3G-vs-6G.txt', 'dominfo i-2-35-VM'))
        .maxMemoryKiB,
    ).toBe(6291456);
  });
  it('reads a persistent public example with a security label', () => {
    const r = parseVirshDominfo(fixtureSection('virsh-dominfo-cloudstack-3G-vs-6G.txt', 'public example'));
    expect(r).toMatchObject({
      id: 26,
      name: 'aa72',
      persistent: true,
      maxMemoryKiB: 1048576,
      securityModel: 'selinux',
      warnings: [],
    });
  });
});

describe('parseVirshDommemstat', () => {
  const sections = fixtureSections('virsh-dommemstat-cloudstack-3G-vs-6G.txt');
  it('reads actual and the guest-reported available with a stats period', () => {
    const r = parseVirshDommemstat(sections[0]!.body);
    expect(r).toMatchObject({
      actual: 3145728,
      available: 2976964,
      unused: 2387212,
      usable: 2312564,
      rss: 1431752,
      lastUpdate: 1795538517,
      warnings: [],
    });
    expect(parseVirshDommemstat(sections[1]!.body).available).toBe(6067392);
  });
  it('without a stats period there is no available figure', () => {
    const r = parseVirshDommemstat(sections[2]!.body);
    expect(r).toEqual({ actual: 3145728, lastUpdate: 0, rss: 81188, warnings: [] });
    expect(parseVirshDommemstat(sections[4]!.body).available).toBeUndefined();
  });
});

describe('parseDomainXmlMemory', () => {
  it('reads the capped LAB domain: <memory> 3 GiB, <maxMemory slots=16> 6 GiB, NUMA cell, virtio balloon', () => {
    expect(parseDomainXmlMemory(readFixture('virsh-dumpxml-i-2-34-VM-3G.xml'))).toEqual({
      name: 'i-2-34-VM',
      memoryKiB: 3145728,
      currentMemoryKiB: 3145728,
      maxMemoryKiB: 6291456,
      maxMemorySlots: 16,
      numaCellMemoryKiB: 3145728,
      memballoonModel: 'virtio',
      statsPeriod: null,
      vcpus: 2,
      warnings: [],
    });
  });
  it('reads the fixed LAB domain: no maxMemory, no NUMA cell', () => {
    const r = parseDomainXmlMemory(readFixture('virsh-dumpxml-i-2-35-VM-6G.xml'));
    expect(r).toMatchObject({
      memoryKiB: 6291456,
      currentMemoryKiB: 6291456,
      maxMemoryKiB: null,
      numaCellMemoryKiB: null,
      warnings: [],
    });
  });
  it('converts every libvirt unit to KiB and reads the stats period', () => {
    const xml = `<domain type='kvm'><name>u</name><maxMemory slots='4' unit='GiB'>6</maxMemory><memory unit='MiB'>3072</memory>
      <currentMemory unit='bytes'>3221225472</currentMemory><cpu><numa><cell id='0' memory='3' unit='G'/><cell id='1' memory='1000000' unit='KB'/></numa></cpu>
      <devices><memballoon model='virtio'><stats period='10'/></memballoon></devices></domain>`;
    expect(parseDomainXmlMemory(xml)).toMatchObject({
      maxMemoryKiB: 6291456,
      maxMemorySlots: 4,
      memoryKiB: 3145728,
      currentMemoryKiB: 3145728,
      numaCellMemoryKiB: 3145728 + 976563,
      statsPeriod: 10,
    });
    expect(parseDomainXmlMemory("<domain><memory unit='KB'>1024</memory></domain>").memoryKiB).toBe(1000);
    expect(parseDomainXmlMemory('<domain><memory>2048</memory></domain>')).toMatchObject({
      memoryKiB: 2048,
      currentMemoryKiB: 2048,
    });
  });
  it('the raw CloudStack fragment (unit-less <memory>) reads the same figures', () => {
    const raw = readFixture('virsh-dumpxml-memory-sections.txt')
      .split('<!-- (b)')[0]!
      .split('\n')
      .filter((l) => !l.startsWith('<!--'))
      .join('\n');
    const r = parseDomainXmlMemory(`<domain>${raw}</domain>`);
    expect(r).toMatchObject({
      memoryKiB: 3145728,
      maxMemoryKiB: 6291456,
      numaCellMemoryKiB: 3145728,
      statsPeriod: 0,
      memballoonModel: 'virtio',
    });
  });
  it('a bad unit is a warning, not a made-up number', () => {
    const r = parseDomainXmlMemory("<domain><memory unit='furlong'>3</memory></domain>");
    expect(r.memoryKiB).toBeUndefined();
    expect(r.warnings.join()).toContain('furlong');
  });
});
