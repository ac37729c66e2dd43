/**
 * /proc/meminfo as Linux prints it (label padded to 16, value right-aligned in 8, " kB"), for a guest whose
 * MemTotal is what the balloon left it, or a KVM host whose free memory shrinks with every running domain.
 */

export interface MeminfoFigures {
  memTotal: number;
  memFree: number;
  memAvailable: number;
  cached: number;
  swapTotal: number;
  swapFree: number;
  anon: number;
}

const line = (label: string, value: number, kb = true) =>
  `${`${label}:`.padEnd(16)}${String(value).padStart(8)}${kb ? ' kB' : ''}`;
// The one label longer than the column: the kernel prints it with its own "%5lu" format.
const hardwareCorrupted = (value: number) => `HardwareCorrupted: ${String(value).padStart(5)} kB`;

export function renderMeminfo(f: MeminfoFigures): string {
  const commitLimit = Math.floor(f.memTotal / 2) + f.swapTotal;
  const directMap4k = 28_544;
  const rows = [
    line('MemTotal', f.memTotal),
    line('MemFree', f.memFree),
    line('MemAvailable', f.memAvailable),
    line('Buffers', 0),
    line('Cached', f.cached),
    line('SwapCached', 0),
    line('Active', f.anon + 2836),
    line('Inactive', 5920),
    line('Active(anon)', f.anon + 2836),
    line('Inactive(anon)', 5920),
    line('Active(file)', 0),
    line('Inactive(file)', 0),
    line('Unevictable', 0),
    line('Mlocked', 0),
    line('SwapTotal', f.swapTotal),
    line('SwapFree', f.swapFree),
    line('Zswap', 0),
    line('Zswapped', 0),
    line('Dirty', 0),
    line('Writeback', 0),
    line('AnonPages', f.anon),
    line('Mapped', 1600),
    line('Shmem', 8704),
    line('KReclaimable', 8864),
    line('Slab', 15904),
    line('SReclaimable', 8864),
    line('SUnreclaim', 7040),
    line('KernelStack', 864),
    line('PageTables', 36),
    line('SecPageTables', 0),
    line('NFS_Unstable', 0),
    line('Bounce', 0),
    line('WritebackTmp', 0),
    line('CommitLimit', commitLimit),
    line('Committed_AS', f.anon + 9312),
    line('VmallocTotal', 34_359_738_367),
    line('VmallocUsed', 5780),
    line('VmallocChunk', 0),
    line('Percpu', 520),
    hardwareCorrupted(0),
    line('AnonHugePages', 0),
    line('ShmemHugePages', 0),
    line('ShmemPmdMapped', 0),
    line('FileHugePages', 0),
    line('FilePmdMapped', 0),
    line('HugePages_Total', 0, false),
    line('HugePages_Free', 0, false),
    line('HugePages_Rsvd', 0, false),
    line('HugePages_Surp', 0, false),
    line('Hugepagesize', 2048),
    line('Hugetlb', 0),
    line('DirectMap4k', directMap4k),
    line('DirectMap2M', Math.ceil((f.memTotal + 140_000) / 2048) * 2048),
  ];
  return `${rows.join('\n')}\n`;
}

/** A guest right after boot: almost everything free, as in guest-proc-meminfo-3G.txt. */
export function guestMeminfo(memTotal: number): MeminfoFigures {
  return {
    memTotal,
    memFree: memTotal - 49_336,
    memAvailable: memTotal - 123_996,
    cached: 8704,
    swapTotal: 0,
    swapFree: 0,
    anon: 64,
  };
}

/** A KVM host: the kernel keeps ~1.5 %, each running domain's QEMU holds its rss. */
export function hostMeminfo(memoryMiB: number, domainsRssKiB: number): MeminfoFigures {
  const memTotal = Math.round(memoryMiB * 1024 * 0.985);
  const memFree = Math.max(0, memTotal - domainsRssKiB - 2_097_152);
  return {
    memTotal,
    memFree,
    memAvailable: Math.max(0, memFree + 1_572_864),
    cached: 1_835_008,
    swapTotal: 8_388_604,
    swapFree: 8_388_604,
    anon: domainsRssKiB,
  };
}
