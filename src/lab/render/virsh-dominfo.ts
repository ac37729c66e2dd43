/** `virsh dominfo` of a CloudStack domain: transient (Persistent: no), "Max memory" = <memory>. */
import type { LabVm } from '../world.ts';
import type { BalloonFigures } from './balloon.ts';

export function renderVirshDominfo(vm: LabVm, b: BalloonFigures): string {
  const rows: [string, string][] = [
    ['Id:', String(vm.domId ?? '-')],
    ['Name:', vm.instanceName],
    ['UUID:', vm.id],
    ['OS Type:', 'hvm'],
    ['State:', 'running'],
    ['CPU(s):', String(vm.offering.cpu)],
    ['CPU time:', `${(28.6 + (vm.domId ?? 0) * 3.1).toFixed(1)}s`],
    ['Max memory:', `${b.maximum} KiB`],
    ['Used memory:', `${b.current} KiB`],
    ['Persistent:', 'no'],
    ['Autostart:', 'disable'],
    ['Managed save:', 'no'],
    ['Security model:', 'none'],
    ['Security DOI:', '0'],
  ];
  return `${rows.map(([k, v]) => `${k.padEnd(15)} ${v}`).join('\n')}\n\n`;
}
