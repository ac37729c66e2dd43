/** `virsh dommemstat` and `virsh domstats --balloon --state`: the same balloon figures, two spellings. */
import type { LabVm } from '../world.ts';
import type { BalloonFigures } from './balloon.ts';

/** Memory stat tags in the order QEMU/libvirt report them. */
function statPairs(b: BalloonFigures): [string, number][] {
  if (!b.guest)
    return [
      ['last_update', 0],
      ['rss', b.rss],
    ];
  const g = b.guest;
  return [
    ['swap_in', 0],
    ['swap_out', 0],
    ['major_fault', 0],
    ['minor_fault', g.minorFault],
    ['unused', g.unused],
    ['available', g.available],
    ['usable', g.usable],
    ['last_update', g.lastUpdate],
    ['disk_caches', g.diskCaches],
    ['hugetlb_pgalloc', 0],
    ['hugetlb_pgfail', 0],
    ['rss', b.rss],
  ];
}

export function renderDommemstat(b: BalloonFigures): string {
  const lines = [`actual ${b.current}`, ...statPairs(b).map(([k, v]) => `${k} ${v}`)];
  return `${lines.join('\n')}\n\n`;
}

export function renderDomstats(domains: { vm: LabVm; b: BalloonFigures }[]): string {
  return domains
    .map(({ vm, b }) => {
      const lines = [
        `Domain: '${vm.instanceName}'`,
        '  state.state=1',
        '  state.reason=1',
        `  balloon.current=${b.current}`,
        `  balloon.maximum=${b.maximum}`,
        // domstats spells last_update with a dash.
        ...statPairs(b).map(([k, v]) => `  balloon.${k === 'last_update' ? 'last-update' : k}=${v}`),
      ];
      return `${lines.join('\n')}\n\n`;
    })
    .join('');
}
