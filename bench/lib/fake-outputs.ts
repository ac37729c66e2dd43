/**
 * What each simulated KVM host answers: `virsh domstats --balloon --state` in libvirt 9's exact layout for
 * CloudStack domains (half of them booted at 3 GiB of a 6 GiB offering) and a host's /proc/meminfo.
 */
import { guestMemTotalKiB } from '../../src/lab/memory.ts';

const OFFERING_KIB = 6 * 1024 * 1024;
const LAST_UPDATE = 1795538587;

export function domainName(i: number): string {
  return `i-2-${34 + i}-VM`;
}

/** Even-numbered domains were started at half their offering (the memory-cap symptom), odd ones got all of it. */
export function isCapped(i: number): boolean {
  return i % 2 === 0;
}

export function domstatsText(vms: number): string {
  let out = '';
  for (let i = 0; i < vms; i++) {
    const current = isCapped(i) ? OFFERING_KIB / 2 : OFFERING_KIB;
    const available = guestMemTotalKiB(current);
    const unused = available - 30_000 - ((i * 7919) % 200_000);
    // Same field order as the LAB fixture (virsh-domstats-balloon-and-setmem-error.txt); state comes first.
    out += `Domain: '${domainName(i)}'\n`;
    out += '  state.state=1\n  state.reason=1\n';
    out += `  balloon.current=${current}\n  balloon.maximum=${current}\n`;
    out += '  balloon.swap_in=0\n  balloon.swap_out=0\n  balloon.major_fault=0\n';
    out += `  balloon.minor_fault=${1329 + ((i * 6151) % 30_000)}\n`;
    out += `  balloon.unused=${unused}\n  balloon.available=${available}\n`;
    out += `  balloon.usable=${unused - 74_648}\n  balloon.last-update=${LAST_UPDATE}\n`;
    out += '  balloon.disk_caches=8704\n  balloon.hugetlb_pgalloc=0\n  balloon.hugetlb_pgfail=0\n';
    out += `  balloon.rss=${430_020 + ((i * 104_729) % (current / 2))}\n\n`;
  }
  return out;
}

/** A 256 GiB KVM host's /proc/meminfo (Debian 12 kernel field set); the guests' RSS is what is used. */
export function hostMeminfoText(vms: number): string {
  const total = 263_782_696;
  const guests = Math.round(vms * 4.5 * 1024 * 1024);
  const free = Math.max(1_048_576, total - guests - 6_291_456);
  const fields: Array<[string, number, boolean]> = [
    ['MemTotal', total, true],
    ['MemFree', free, true],
    ['MemAvailable', free + 3_145_728, true],
    ['Buffers', 412_332, true],
    ['Cached', 2_983_104, true],
    ['SwapCached', 0, true],
    ['Active', guests + 1_204_116, true],
    ['Inactive', 2_511_872, true],
    ['Active(anon)', guests + 96_212, true],
    ['Inactive(anon)', 40_960, true],
    ['Active(file)', 1_107_904, true],
    ['Inactive(file)', 2_470_912, true],
    ['Unevictable', 0, true],
    ['Mlocked', 0, true],
    ['SwapTotal', 0, true],
    ['SwapFree', 0, true],
    ['Zswap', 0, true],
    ['Zswapped', 0, true],
    ['Dirty', 212, true],
    ['Writeback', 0, true],
    ['AnonPages', guests + 120_448, true],
    ['Mapped', 310_644, true],
    ['Shmem', 20_836, true],
    ['KReclaimable', 402_176, true],
    ['Slab', 1_104_896, true],
    ['SReclaimable', 402_176, true],
    ['SUnreclaim', 702_720, true],
    ['KernelStack', 21_360, true],
    ['PageTables', 190_712, true],
    ['SecPageTables', 0, true],
    ['NFS_Unstable', 0, true],
    ['Bounce', 0, true],
    ['WritebackTmp', 0, true],
    ['CommitLimit', Math.floor(total / 2), true],
    ['Committed_AS', guests + 2_097_152, true],
    ['VmallocTotal', 34_359_738_367, true],
    ['VmallocUsed', 254_720, true],
    ['VmallocChunk', 0, true],
    ['Percpu', 42_496, true],
    ['HardwareCorrupted', 0, true],
    ['AnonHugePages', Math.max(guests - 1_048_576, 0), true],
    ['ShmemHugePages', 0, true],
    ['ShmemPmdMapped', 0, true],
    ['FileHugePages', 0, true],
    ['FilePmdMapped', 0, true],
    ['HugePages_Total', 0, false],
    ['HugePages_Free', 0, false],
    ['HugePages_Rsvd', 0, false],
    ['HugePages_Surp', 0, false],
    ['Hugepagesize', 2048, true],
    ['Hugetlb', 0, true],
    ['DirectMap4k', 1_163_128, true],
    ['DirectMap2M', 48_031_744, true],
    ['DirectMap1G', 220_200_960, true],
  ];
  // /proc/meminfo pads the name plus colon to 16 columns and the number to 8 (wider numbers just push right).
  return fields
    .map(([k, v, kb]) => `${`${k}:`.padEnd(16)}${String(v).padStart(8)}${kb ? ' kB' : ''}\n`)
    .join('');
}

/** Every domain, each with its last balloon field: the whole `virsh domstats` answer arrived. */
export function isCompleteAnswer(text: string, vms: number): boolean {
  const domains = text.match(/^Domain: '/gm)?.length ?? 0;
  const lastFields = text.match(/^ {2}balloon\.rss=\d+\r?$/gm)?.length ?? 0;
  return domains === vms && lastFields === vms;
}
