/**
 * The lab server verifies signatures with its own implementation of CloudStack's ApiServer.verifyRequest, so
 * a bug in the bot's signer is caught by every client↔lab test, not only by the vectors.
 */
import { createHmac } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatExpires, signParams } from '../../src/cloudstack/sign.ts';
import { javaUrlEncodeForServer, parseServerExpires, verifyRequest } from '../../src/lab/api/auth.ts';
import { signingVectors } from '../cloudstack/sign-vectors.ts';

const beforeVectors = Date.UTC(2026, 10, 24, 16, 0, 0);
const keyOf = (p: Record<string, string>) => p.apiKey ?? p.apikey ?? '';
const hmac = (secret: string, text: string) => createHmac('sha1', secret).update(text).digest('base64');

describe('lab verifyRequest (server side, independent of the client signer)', () => {
  for (const [i, v] of signingVectors.entries()) {
    it(`accepts published vector ${i + 1} and rejects it with one byte changed`, () => {
      const p = { ...v.params, signature: v.signature };
      expect(verifyRequest(p, keyOf(v.params), v.secret, beforeVectors)).toBe(true);
      expect(verifyRequest(p, keyOf(v.params), `${v.secret}x`, beforeVectors)).toBe(false);
      expect(verifyRequest({ ...p, response: 'xml' }, keyOf(v.params), v.secret, beforeVectors)).toBe(false);
      expect(verifyRequest({ ...p, extra: '1' }, keyOf(v.params), v.secret, beforeVectors)).toBe(false);
    });
  }

  it('rejects signers that get the casing or the encoding wrong (bugs the lab used to mirror)', () => {
    const v = signingVectors[1]!; // the vector whose order depends on case-sensitive sorting
    const p = v.params;
    const folded = Object.keys(p)
      .sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))
      .map((k) => `${k}=${p[k]}`)
      .join('&')
      .toLowerCase();
    expect(folded).not.toBe(v.toSign);
    expect(verifyRequest({ ...p, signature: hmac(v.secret, folded) }, 'foo', v.secret)).toBe(false);
    expect(verifyRequest({ ...p, signature: hmac(v.secret, v.toSign) }, 'foo', v.secret)).toBe(true);

    // encodeURIComponent keeps ~ and ' which Java escapes: a signer using it is refused.
    const q = { apiKey: 'foo', command: 'listVirtualMachines', keyword: "o'neil~x", response: 'json' };
    const naive = `apikey=foo&command=listvirtualmachines&keyword=${encodeURIComponent(q.keyword)}&response=json`;
    expect(verifyRequest({ ...q, signature: hmac('bar', naive.toLowerCase()) }, 'foo', 'bar')).toBe(false);
    const java = 'apikey=foo&command=listvirtualmachines&keyword=o%27neil%7ex&response=json';
    expect(verifyRequest({ ...q, signature: hmac('bar', java) }, 'foo', 'bar')).toBe(true);
  });

  it('sorts the names itself, whatever order the request carried them in', () => {
    for (const [i, v] of signingVectors.entries()) {
      const reversed = Object.fromEntries(Object.entries(v.params).reverse());
      const p = { signature: v.signature, ...reversed };
      expect(verifyRequest(p, keyOf(v.params), v.secret, beforeVectors), `vector ${i + 1}`).toBe(true);
    }
    // Upper-case before lower-case, as String.compareTo: "B" < "a" < "apiKey" < "b".
    const p = { b: '1', a: '2', B: '3', apiKey: 'foo' };
    expect(verifyRequest({ ...p, signature: hmac('bar', 'b=3&a=2&apikey=foo&b=1') }, 'foo', 'bar')).toBe(
      true,
    );
  });

  it('agrees with the client signer on values Java encodes differently from JavaScript', () => {
    for (const keyword of ["a b~!'()*-._", '日本語 ✓', 'a+b/c=d&e', '%7E', '😀', 'UPPER lower']) {
      const p = { apiKey: 'foo', command: 'listVirtualMachines', keyword, response: 'json' };
      expect(verifyRequest({ ...p, signature: signParams(p, 'bar') }, 'foo', 'bar'), keyword).toBe(true);
    }
  });

  it('encodes like java.net.URLEncoder with + as %20, and a lone surrogate as "?"', () => {
    expect(javaUrlEncodeForServer("a b~!'()*-._")).toBe('a%20b%7E%21%27%28%29*-._');
    expect(javaUrlEncodeForServer('日')).toBe('%E6%97%A5');
    expect(javaUrlEncodeForServer('a+b/c=d&e')).toBe('a%2Bb%2Fc%3Dd%26e');
    expect(javaUrlEncodeForServer('\ud800x')).toBe('%3Fx');
    expect(javaUrlEncodeForServer('\t\x01')).toBe('%09%01');
  });

  it('needs apiKey and signature, matches the apiKey name case-insensitively and its value exactly', () => {
    const v = signingVectors[0]!;
    const p = { ...v.params, signature: v.signature };
    expect(verifyRequest(p, 'FOO', v.secret)).toBe(false);
    expect(verifyRequest({ ...v.params }, 'foo', v.secret)).toBe(false);
    const { apiKey: _, ...noKey } = v.params;
    expect(verifyRequest({ ...noKey, signature: signParams(noKey, v.secret) }, 'foo', v.secret)).toBe(false);
    expect(verifyRequest({ ...p, signature: `${v.signature} ` }, 'foo', v.secret)).toBe(false);
  });

  it('signatureVersion 3: expires is required, parsed in every DateUtil form, and must not have passed', () => {
    const v = signingVectors[3]!;
    const p = { ...v.params, signature: v.signature };
    const at = Date.UTC(2026, 10, 24, 17, 0, 0);
    expect(verifyRequest(p, 'foo', v.secret, at - 1)).toBe(true);
    expect(verifyRequest(p, 'foo', v.secret, at)).toBe(true); // Java: expiresTS.before(now)
    expect(verifyRequest(p, 'foo', v.secret, at + 1)).toBe(false);
    const { expires: _, ...noExpires } = v.params;
    expect(verifyRequest({ ...noExpires, signature: signParams(noExpires, 'bar') }, 'foo', 'bar', 0)).toBe(
      false,
    );
    const bad = { ...v.params, expires: 'tomorrow' };
    expect(verifyRequest({ ...bad, signature: signParams(bad, 'bar') }, 'foo', 'bar', 0)).toBe(false);
    // Without signatureVersion 3 an expires value is only signed, never checked (as CloudStack does).
    const v2 = { ...bad, signatureVersion: '2' };
    expect(verifyRequest({ ...v2, signature: signParams(v2, 'bar') }, 'foo', 'bar')).toBe(true);
  });

  it('parses the expires forms CloudStack accepts and nothing else', () => {
    const t = Date.UTC(2026, 10, 24, 17);
    expect(parseServerExpires('2026-11-24T17:00:00+0000')?.getTime()).toBe(t);
    expect(parseServerExpires('2026-11-24T22:30:00+0530')?.getTime()).toBe(t);
    expect(parseServerExpires('2026-11-24T12:00:00-05:00')?.getTime()).toBe(t);
    expect(parseServerExpires('2026-11-24T17:00:00.5Z')?.getTime()).toBe(t + 500);
    expect(parseServerExpires(formatExpires(new Date(t)))?.getTime()).toBe(t);
    expect(parseServerExpires('2026-11-24T17:00:00.123Z')?.getTime()).toBe(t + 123);
    expect(parseServerExpires('2026-01-01T00:00:00Z')?.getTime()).toBe(Date.UTC(2026, 0, 1));
    expect(parseServerExpires('2026-12-31T23:59:59Z')?.getTime()).toBe(Date.UTC(2026, 11, 31, 23, 59, 59));
    for (const bad of [
      'tomorrow',
      '2026-11-24 17:00:00Z',
      '2026-00-24T17:00:00Z',
      '2026-13-24T17:00:00Z',
      '2026-11-00T17:00:00Z',
      '2026-11-32T17:00:00Z',
      '2026-11-24T24:00:00Z',
      '2026-11-24T17:60:00Z',
      '2026-11-24T17:00:60Z',
      '2026-11-24T17:00:00.1234Z',
      'x2026-11-24T17:00:00Z',
      '2026-11-24T17:00:00Zx',
      '',
    ])
      expect(parseServerExpires(bad), bad).toBeUndefined();
  });
});

describe('the lab shares no code with the client signer', () => {
  it('no file under src/lab imports src/cloudstack/sign.ts', async () => {
    const root = fileURLToPath(new URL('../../src/lab/', import.meta.url));
    const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files)
      expect(await readFile(join(root, f), 'utf8'), f).not.toMatch(/cloudstack\/sign(\.ts)?['"]/);
  });
});
