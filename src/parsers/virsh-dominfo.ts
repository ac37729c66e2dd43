/** Parses `virsh dominfo <dom>`; note its "Max memory" is libvirt <memory>, not the hot-plug <maxMemory>. */
import { LineComplaints, prepareLines, toInt } from './input.ts';
import type { VirshDominfo } from './types.ts';

const yesNo = (v: string): boolean | undefined => (v === 'yes' ? true : v === 'no' ? false : undefined);

export function parseVirshDominfo(out: string): VirshDominfo {
  const { lines, warnings } = prepareLines(out, 'virsh dominfo');
  const r: VirshDominfo = { warnings };
  const junk = new LineComplaints('virsh dominfo');
  for (const line of lines) {
    if (!line.trim()) continue;
    const m = /^([A-Za-z()][\w() ]*?):\s*(.*)$/.exec(line.trimEnd());
    if (!m) {
      junk.add(line);
      continue;
    }
    const [, key = '', v = ''] = m;
    switch (key) {
      case 'Id':
        r.id = v === '-' ? null : toInt(v);
        break;
      case 'Name':
        r.name = v;
        break;
      case 'UUID':
        r.uuid = v;
        break;
      case 'OS Type':
        r.osType = v;
        break;
      case 'State':
        r.state = v;
        break;
      case 'CPU(s)':
        r.cpus = toInt(v);
        break;
      case 'CPU time': {
        const t = /^([\d.]+)s$/.exec(v);
        if (t) r.cpuTimeSec = Number(t[1]);
        break;
      }
      case 'Max memory':
      case 'Used memory': {
        // Older virsh prints "kB" for the same KiB figure (libvirt's unit has always been 1024 bytes).
        const kib = /^(\d+) (KiB|kB|KB)$/.exec(v);
        if (!kib) warnings.push(`virsh dominfo: unreadable ${key} "${v}"`);
        else if (key === 'Max memory') r.maxMemoryKiB = Number(kib[1]);
        else r.usedMemoryKiB = Number(kib[1]);
        break;
      }
      case 'Persistent':
        r.persistent = yesNo(v);
        break;
      case 'Autostart':
        r.autostart = v === 'enable' ? true : v === 'disable' ? false : undefined;
        break;
      case 'Managed save':
        r.managedSave = yesNo(v);
        break;
      case 'Security model':
        r.securityModel = v;
        break;
      default:
        // Security DOI/label, Messages…: known to exist, not needed.
        break;
    }
  }
  junk.flushInto(warnings);
  if (lines.length && r.maxMemoryKiB === undefined) warnings.push('virsh dominfo: no "Max memory" line');
  return r;
}
