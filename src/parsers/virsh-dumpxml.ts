/** Reads the memory-relevant elements of `virsh dumpxml`: <memory>, <currentMemory>, <maxMemory>, NUMA cells, memballoon. */
import { looksLikeHtml } from './input.ts';
import type { DomainXmlMemory } from './types.ts';
import { toKiB } from './units.ts';
import { child, childrenNamed, parseXml, type XmlElement } from './xml-lite.ts';

export function parseDomainXmlMemory(xml: string): DomainXmlMemory {
  const r: DomainXmlMemory = {
    maxMemoryKiB: null,
    maxMemorySlots: null,
    numaCellMemoryKiB: null,
    memballoonModel: null,
    statsPeriod: null,
    warnings: [],
  };
  if (typeof xml !== 'string' || !xml.trim()) return { ...r, warnings: ['empty output from virsh dumpxml'] };
  if (looksLikeHtml(xml))
    return { ...r, warnings: ['virsh dumpxml: got an HTML page instead of domain XML'] };
  const doc = parseXml(xml);
  r.warnings.push(...doc.warnings.map((w) => `virsh dumpxml: ${w}`));
  const dom = doc.root;
  if (dom?.name !== 'domain') {
    if (dom) r.warnings.push(`virsh dumpxml: root element is <${dom.name}>, not <domain>`);
    return r;
  }
  r.name = child(dom, 'name')?.text || undefined;
  const size = (el: XmlElement | undefined, what: string): number | undefined => {
    if (!el) return undefined;
    const kib = toKiB(el.text, el.attrs.unit);
    if (kib === undefined)
      r.warnings.push(`virsh dumpxml: unreadable <${what}> "${el.text}" unit=${el.attrs.unit ?? '(none)'}`);
    return kib;
  };
  r.memoryKiB = size(child(dom, 'memory'), 'memory');
  r.currentMemoryKiB = size(child(dom, 'currentMemory'), 'currentMemory');
  const max = child(dom, 'maxMemory');
  if (max) {
    r.maxMemoryKiB = size(max, 'maxMemory') ?? null;
    r.maxMemorySlots = /^\d+$/.test(max.attrs.slots ?? '') ? Number(max.attrs.slots) : null;
  }
  const vcpu = child(dom, 'vcpu')?.text;
  if (vcpu && /^\d+$/.test(vcpu)) r.vcpus = Number(vcpu);
  const cells = childrenNamed(child(child(dom, 'cpu'), 'numa'), 'cell');
  if (cells.length) {
    let total = 0;
    for (const c of cells) {
      const kib = toKiB(c.attrs.memory ?? '', c.attrs.unit);
      if (kib === undefined)
        r.warnings.push(`virsh dumpxml: unreadable NUMA cell memory "${c.attrs.memory ?? ''}"`);
      else total += kib;
    }
    r.numaCellMemoryKiB = total;
  }
  const balloon = child(child(dom, 'devices'), 'memballoon');
  if (balloon) {
    r.memballoonModel = balloon.attrs.model ?? null;
    const period = child(balloon, 'stats')?.attrs.period;
    if (period !== undefined) r.statsPeriod = /^\d+$/.test(period) ? Number(period) : null;
  }
  if (r.memoryKiB === undefined) r.warnings.push('virsh dumpxml: no <memory> element');
  if (r.currentMemoryKiB === undefined && r.memoryKiB !== undefined) r.currentMemoryKiB = r.memoryKiB;
  return r;
}
