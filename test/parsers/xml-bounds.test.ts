/** The XML layer under dumpxml and crm_mon: bounded size and depth, never throws, no prototype lookups. */
import { describe, expect, it } from 'vitest';
import { parseCrmMonXml } from '../../src/parsers/crm-mon.ts';
import { parseDomainXmlMemory } from '../../src/parsers/virsh-dumpxml.ts';
import { MAX_XML_CHARS, MAX_XML_DEPTH, parseXml, walk } from '../../src/parsers/xml-lite.ts';

describe('parseXml bounds', () => {
  it('deep nesting is a warning, not a RangeError, and what is shallow is still read', () => {
    const deep = `<domain>${'<a>'.repeat(20_000)}${'</a>'.repeat(20_000)}<memory unit='KiB'>1024</memory></domain>`;
    const r = parseDomainXmlMemory(deep);
    expect(r.memoryKiB).toBe(1024);
    expect(r.warnings.join()).toMatch(new RegExp(`deeper than ${MAX_XML_DEPTH} levels`));
    const c = parseCrmMonXml(`<pacemaker-result>${'<x>'.repeat(60_000)}`);
    expect(c.warnings.length).toBeGreaterThan(0);
  });

  it('the tree it returns is walkable at its full depth', () => {
    const doc = parseXml(`${'<a>'.repeat(MAX_XML_DEPTH + 5)}${'</a>'.repeat(MAX_XML_DEPTH + 5)}`);
    expect([...walk(doc.root!)].length).toBe(MAX_XML_DEPTH);
  });

  it('entities are never looked up on Object.prototype; attributes have no prototype', () => {
    const doc = parseXml(
      `<a __proto__="x" constructor="y" t="&lt;&#x41;&constructor;">&toString;&amp;ok</a>`,
    );
    expect(doc.root!.attrs.t).toBe('<A&constructor;');
    expect(doc.root!.text).toBe('&toString;&ok');
    expect(Object.getPrototypeOf(doc.root!.attrs)).toBeNull();
    expect(Object.getOwnPropertyDescriptor(doc.root!.attrs, '__proto__')?.value).toBe('x');
    expect(doc.warnings.join()).toMatch(/undefined entity/);
  });

  it('oversized input is refused with a warning', () => {
    const huge = `<a>${' '.repeat(MAX_XML_CHARS)}</a>`;
    expect(parseXml(huge)).toMatchObject({
      root: null,
      warnings: [expect.stringMatching(/over the .* limit/)],
    });
  });

  it('garbage stops after a bounded number of errors', () => {
    const r = parseXml('<a '.repeat(30_000));
    expect(r.warnings.join()).toMatch(/stopped reading/);
  });

  it('a tail cut mid-text is not read as a value', () => {
    const r = parseDomainXmlMemory("<domain><memory unit='KiB'>2976");
    expect(r.memoryKiB ?? null).toBeNull();
    expect(r.warnings.join()).toMatch(/truncated/);
  });
});
