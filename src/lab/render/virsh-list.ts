/** `virsh list --all` as libvirt 9 prints it (vshTable: columns padded to width + 3, dashes over all). */
import type { LabVm } from '../world.ts';

export function renderVirshList(running: LabVm[]): string {
  const rows = running.map((v) => [String(v.domId ?? '-'), v.instanceName, 'running']);
  const header = ['Id', 'Name', 'State'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    ` ${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]! + 3))).join('')}`.trimEnd();
  const dashes = '-'.repeat(widths.reduce((a, w) => a + w + 3, 0));
  return `${[line(header), dashes, ...rows.map(line)].join('\n')}\n\n`;
}
