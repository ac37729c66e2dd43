/**
 * The fleet sweep parses `virsh domstats` once per host, so prepareLines and parseVirshDomstats have fast paths
 * (skip the CR rewrite and per-line binary scan when the text has neither; try the key=value regex first). These
 * properties hold them to the straightforward versions they replaced, on thousands of generated outputs mixing
 * domain headers, fields, blank and junk lines, CRs, binary bytes and a missing final newline.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lookupTable } from '../../src/core/lookup-table.ts';
import { clip, LineComplaints, prepareLines } from '../../src/parsers/input.ts';
import type { DomstatsBalloon, DomstatsDomain, VirshDomstats } from '../../src/parsers/types.ts';
import { parseVirshDomstats } from '../../src/parsers/virsh-domstats.ts';

const BINARY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;

/** prepareLines before the fast path (the HTML check is unchanged and left to the real function). */
function referencePrepare(out: string, what: string) {
  const warnings: string[] = [];
  let lines = out.replace(/\r\n?/g, '\n').split('\n');
  if (lines.at(-1) === '') lines.pop();
  else
    warnings.push(
      `${what}: output ends mid-line (truncated?); ignored the partial last line "${clip(lines.pop() ?? '')}"`,
    );
  const binary = lines.filter((l) => BINARY.test(l)).length;
  if (binary > 0) {
    warnings.push(`${what}: ignored ${binary} line(s) of binary data`);
    lines = lines.filter((l) => !BINARY.test(l));
  }
  return { lines, warnings };
}

const BALLOON = lookupTable<keyof DomstatsBalloon>({
  current: 'current',
  maximum: 'maximum',
  available: 'available',
  unused: 'unused',
  usable: 'usable',
  rss: 'rss',
  'last-update': 'lastUpdate',
});

const refInt = (s: string): number | undefined => {
  if (!/^-?\d+$/.test(s.trim())) return undefined;
  const n = Number(s.trim());
  return Number.isSafeInteger(n) ? n : undefined;
};

/** parseVirshDomstats before the fast path, on the same prepared lines. */
function referenceDomstats(out: string): VirshDomstats {
  const { lines, warnings } = prepareLines(out, 'virsh domstats');
  const domains: DomstatsDomain[] = [];
  const junk = new LineComplaints('virsh domstats');
  let cur: DomstatsDomain | undefined;
  for (const line of lines) {
    if (!line.trim()) continue;
    const head = /^Domain:\s*'(.*)'$/.exec(line.trimEnd());
    if (head) {
      cur = { name: head[1] ?? '', balloon: {} };
      domains.push(cur);
      continue;
    }
    const kv = /^\s+([a-z_.-][\w.-]*)=(.*)$/.exec(line);
    if (!kv || !cur) {
      junk.add(line);
      continue;
    }
    const [, key = '', raw = ''] = kv;
    const value = refInt(raw);
    if (key.startsWith('balloon.')) {
      const field = BALLOON[key.slice('balloon.'.length)];
      if (field && value !== undefined) cur.balloon[field] = value;
      else if (field) warnings.push(`virsh domstats: ${cur.name} ${key} is not a number: "${raw}"`);
    } else if (key === 'state.state') cur.state = value;
    else if (key === 'state.reason') cur.reason = value;
  }
  junk.flushInto(warnings);
  for (const d of domains)
    if (d.balloon.current === undefined && d.state !== 5)
      warnings.push(`virsh domstats: no balloon.current for ${d.name}`);
  return { domains, warnings };
}

const piece = fc.constantFrom(
  "Domain: 'i-2-34-VM'",
  "Domain: 'x'  ",
  'Domain:',
  "  Domain: 'indented'",
  '  state.state=1',
  '  state.reason=5',
  '  balloon.current=3145728',
  '  balloon.rss= 42 ',
  '  balloon.maximum=-7',
  '  balloon.unused=abc',
  '  balloon.last-update=1795538587',
  '  balloon.swap_in=0',
  '\tballoon.usable=99999999999999999999',
  '  =1',
  'junk line',
  '',
  '   ',
  '\r',
  '\u0001bin',
  '\ufffd',
  '<html>',
);
const output = fc
  .tuple(fc.array(piece, { maxLength: 40 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
  .map(([ps, eol, terminated]) => ps.join(eol) + (terminated ? eol : ''));

describe('fast paths match the straightforward parsers', () => {
  it('prepareLines', () => {
    fc.assert(
      fc.property(output, (out) => {
        const got = prepareLines(out, 't');
        // Empty and HTML answers return before either version splits lines.
        if (out.trim() === '' || got.warnings.some((w) => w.includes('HTML'))) return;
        expect(got).toEqual(referencePrepare(out, 't'));
      }),
      { numRuns: 3000 },
    );
  });

  it('parseVirshDomstats', () => {
    fc.assert(
      fc.property(output, (out) => {
        expect(parseVirshDomstats(out)).toEqual(referenceDomstats(out));
      }),
      { numRuns: 3000 },
    );
  });
});
