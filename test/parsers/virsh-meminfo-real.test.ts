/**
 * virsh domstats/dommemstat/dominfo and /proc/meminfo as people posted them (test/fixtures/real, see
 * SOURCES-host.md): the parse, and the verdict an operator would give on it (balloon below maximum = capped).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMeminfo } from '../../src/parsers/meminfo.ts';
import { parseVirshDominfo } from '../../src/parsers/virsh-dominfo.ts';
import { parseVirshDommemstat } from '../../src/parsers/virsh-dommemstat.ts';
import { parseVirshDomstats } from '../../src/parsers/virsh-domstats.ts';
import { judgeVmMemory } from '../../src/tools/memory/memory-verdict.ts';

const real = (p: string) => readFileSync(new URL(`../fixtures/real/${p}`, import.meta.url), 'utf8');
const layers = { vm: 'vm', instanceName: 'i-1-1-VM', host: 'h' };

describe('virsh domstats --balloon (real)', () => {
  it('cockpit-machines#49: balloon current 8 GiB of a 16 GiB maximum reads as capped at 50%', () => {
    const r = parseVirshDomstats(real('virsh/cockpit-machines-49-domstats.txt'));
    expect(r.warnings).toEqual([]);
    const [d] = r.domains;
    expect(d).toMatchObject({
      name: 'windows-server-2022',
      state: 1,
      balloon: { current: 8388608, maximum: 16777216, rss: 8477140 },
    });
    const v = judgeVmMemory({
      ...layers,
      offeringMiB: 16384,
      libvirtMaxKiB: d!.balloon.maximum,
      balloonKiB: d!.balloon.current,
    });
    expect(v).toMatchObject({ verdict: 'capped', ratio: 0.5 });
  });
  it('glances#1531: current = maximum, no guest stats (last-update 0): full, guest size unknown', () => {
    const [d] = parseVirshDomstats(real('virsh/glances-1531-domstats-win11.txt')).domains;
    expect(d!.balloon).toMatchObject({ current: 8388608, maximum: 8388608, lastUpdate: 0 });
    expect(d!.balloon.available).toBeUndefined();
    expect(judgeVmMemory({ ...layers, offeringMiB: 8192, balloonKiB: d!.balloon.current }).verdict).toBe(
      'full',
    );
  });
});

describe('virsh dommemstat (real)', () => {
  it('libvirt PR 14, Linux guest: actual 4 GiB, guest sees 3.7 GiB (available), full for a 4 GiB offering', () => {
    const r = parseVirshDommemstat(real('virsh/libvirt-pr14-dommemstat-linux.txt'));
    expect(r).toMatchObject({
      actual: 4194304,
      available: 3881812,
      unused: 3729588,
      rss: 2969400,
      warnings: [],
    });
    expect(
      judgeVmMemory({ ...layers, offeringMiB: 4096, balloonKiB: r.actual, guestKiB: r.available }).verdict,
    ).toBe('full');
  });
  it.each([
    ['virsh/libvirt-pr14-dommemstat-windows.txt', 8388608],
    ['virsh/virtio-win-680-dommemstat-no-guest-stats.txt', 1665024],
  ])('%s: only actual/rss — no guest figure is invented', (file, actual) => {
    const r = parseVirshDommemstat(real(file));
    expect(r.actual).toBe(actual);
    expect(r.available).toBeUndefined();
    expect(r.usable).toBeUndefined();
  });
});

describe('virsh dominfo memory lines (real)', () => {
  it('KiB (SUSE docs) and kB (older virsh) give the same figure, with no "no Max memory line" warning', () => {
    const kib = parseVirshDominfo(real('virsh/suse-doc-936-dominfo-memory.txt'));
    expect(kib).toMatchObject({ maxMemoryKiB: 8388608, usedMemoryKiB: 8388608, warnings: [] });
    const kb = parseVirshDominfo(real('virsh/rhel9-doc-dominfo-memory-kB-variant.txt'));
    expect(kb).toMatchObject({ maxMemoryKiB: 2097152, usedMemoryKiB: 2097152, warnings: [] });
  });
  it('an unknown unit still warns', () => {
    expect(parseVirshDominfo('Max memory:     2 GiB\n').warnings.join(' ')).toMatch(/unreadable Max memory/);
  });
});

describe('/proc/meminfo (real)', () => {
  it('open-falcon#230: 16 GB host, 8 GB available, committed beyond the commit limit', () => {
    const r = parseMeminfo(real('meminfo/open-falcon-230-16G.txt'));
    expect(r).toMatchObject({
      memTotalKiB: 16268680,
      memAvailableKiB: 8366284,
      swapTotalKiB: 0,
      committedAsKiB: 12678180,
      warnings: [],
    });
    expect(r.fields.CommitLimit).toBe(8134340);
  });
});
