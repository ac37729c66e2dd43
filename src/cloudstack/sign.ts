/**
 * CloudStack request signing, byte for byte as the management server verifies it (ApiServer.verifyRequest),
 * for the bot's requests. The lab server checks them with its own verifier (src/lab/api/auth.ts).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const UNRESERVED = /[A-Za-z0-9.\-*_]/;

/** Java's URLEncoder.encode(value, "UTF-8") with "+" turned into "%20" — not encodeURIComponent, which keeps !~'(). */
export function javaUrlEncode(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += byte < 0x80 && UNRESERVED.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Names sorted case-sensitively (UTF-16 order, as Collections.sort), values Java-encoded, then all lower-cased. */
export function stringToSign(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'signature')
    .sort()
    .map((k) => `${k}=${javaUrlEncode(params[k] ?? '')}`)
    .join('&')
    .toLowerCase();
}

export function signParams(params: Record<string, string>, secret: string): string {
  return createHmac('sha1', secret).update(stringToSign(params)).digest('base64');
}

/** Constant-time check of `params.signature`; false when it is missing or malformed. */
export function verifySignature(params: Record<string, string>, secret: string): boolean {
  const given = params.signature;
  if (!given) return false;
  // Compare the base64 text itself: decoding is lenient and would let a few different strings pass.
  const expected = Buffer.from(signParams(params, secret), 'utf8');
  const actual = Buffer.from(given, 'utf8');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** `expires` for signatureVersion 3: `yyyy-MM-ddTHH:mm:ss+0000` in UTC. */
export function formatExpires(date: Date): string {
  return `${date.toISOString().slice(0, 19)}+0000`;
}

/** Parses the ISO-8601 forms CloudStack's DateUtil accepts (`+HHMM`, `+HH:MM`, `Z`, optional millis); NaN if not. */
export function parseExpires(s: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})$/.exec(s);
  if (!m) return Number.NaN;
  const zone = m[3] === 'Z' ? 'Z' : `${m[3]!.slice(0, 3)}:${m[3]!.slice(-2)}`;
  return Date.parse(`${m[1]}${m[2] ?? ''}${zone}`);
}
