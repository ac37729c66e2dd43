import { describe, expect, it } from 'vitest';
import {
  formatExpires,
  javaUrlEncode,
  parseExpires,
  signParams,
  stringToSign,
  verifySignature,
} from '../../src/cloudstack/sign.ts';
import { signingVectors as vectors } from './sign-vectors.ts';

describe('CloudStack signing', () => {
  for (const [i, v] of vectors.entries()) {
    it(`vector ${i + 1}: string to sign and signature`, () => {
      expect(stringToSign(v.params)).toBe(v.toSign);
      expect(signParams(v.params, v.secret)).toBe(v.signature);
      expect(verifySignature({ ...v.params, signature: v.signature }, v.secret)).toBe(true);
    });
  }

  it('sorts upper-case names before lower-case ones (UTF-16 order, before lower-casing)', () => {
    expect(stringToSign({ b: '1', B: '2', a: '3' })).toBe('b=2&a=3&b=1');
  });

  it('encodes like java.net.URLEncoder with + as %20', () => {
    expect(javaUrlEncode("a b~!'()*-._")).toBe('a%20b%7E%21%27%28%29*-._');
    expect(javaUrlEncode('日')).toBe('%E6%97%A5');
    expect(javaUrlEncode('a+b/c=d&e')).toBe('a%2Bb%2Fc%3Dd%26e');
    expect(javaUrlEncode('\t\x01')).toBe('%09%01');
  });

  it('rejects a tampered parameter, a wrong secret and a missing signature', () => {
    const v = vectors[0]!;
    expect(verifySignature({ ...v.params, listall: 'false', signature: v.signature }, v.secret)).toBe(false);
    expect(verifySignature({ ...v.params, signature: v.signature }, 'baz')).toBe(false);
    expect(verifySignature({ ...v.params }, v.secret)).toBe(false);
    expect(verifySignature({ ...v.params, signature: `${v.signature}x` }, v.secret)).toBe(false);
  });

  it('formats and parses expires as CloudStack does', () => {
    const d = new Date(Date.UTC(2026, 10, 24, 17, 0, 0, 123));
    expect(formatExpires(d)).toBe('2026-11-24T17:00:00+0000');
    expect(parseExpires('2026-11-24T17:00:00+0000')).toBe(Date.UTC(2026, 10, 24, 17));
    expect(parseExpires('2026-11-24T22:30:00+0530')).toBe(Date.UTC(2026, 10, 24, 17));
    expect(parseExpires('2026-11-24T17:00:00.500Z')).toBe(Date.UTC(2026, 10, 24, 17, 0, 0, 500));
    expect(Number.isNaN(parseExpires('tomorrow'))).toBe(true);
    expect(Number.isNaN(parseExpires('x2026-11-24T17:00:00Z'))).toBe(true);
    expect(Number.isNaN(parseExpires('2026-11-24T17:00:00Zx'))).toBe(true);
    expect(parseExpires('2026-11-24T17:00:00.123Z')).toBe(Date.UTC(2026, 10, 24, 17, 0, 0, 123));
    // "Z" must stay UTC on a machine in another time zone (a zone-less ISO time would be read as local).
    const tz = process.env.TZ;
    try {
      process.env.TZ = 'Asia/Tokyo';
      expect(parseExpires('2026-11-24T17:00:00Z')).toBe(Date.UTC(2026, 10, 24, 17));
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });
});
