/**
 * The lab's ApiServer.verifyRequest, written from CloudStack's Java (ApiServer.java verifyRequest, shared notes
 * §2.1) and deliberately sharing no code with the bot's signer (src/cloudstack/sign.ts): a signing bug in the
 * client must fail here as it would against a real management server, not be mirrored and pass.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Java's String.compareTo: UTF-16 code units, upper-case before lower-case (Collections.sort). */
const javaCompare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * java.net.URLEncoder.encode(v, "UTF-8").replaceAll("\\+", "%20"), by way of encodeURIComponent: both keep
 * `A-Za-z0-9 - _ . *`; encodeURIComponent also keeps `!'()~`, which Java escapes. Java writes a lone
 * surrogate as "?".
 */
export function javaUrlEncodeForServer(value: string): string {
  return encodeURIComponent(value.replace(/\p{Cs}/gu, '?')).replace(
    /[!'()~]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** DateUtil's ISO-8601 forms: `yyyy-MM-dd'T'HH:mm:ss` with optional millis and `Z`, `+HHMM` or `+HH:MM`. */
export function parseServerExpires(s: string): Date | undefined {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,3}))?(?:(Z)|([+-])(\d\d):?(\d\d))$/.exec(
    s,
  );
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as number[];
  const millis = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
  const offsetMin = m[8] ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  if (month! < 1 || month! > 12 || day! < 1 || day! > 31 || hour! > 23 || minute! > 59 || second! > 59)
    return undefined;
  return new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, second!, millis) - offsetMin * 60_000);
}

/**
 * true when `params` (first value of each, as decoded from the request) carry the right apiKey, a valid
 * signature over every other parameter, and — for signatureVersion 3 — an `expires` still in the future.
 */
export function verifyRequest(
  params: Record<string, string>,
  apiKey: string,
  secretKey: string,
  now = Date.now(),
): boolean {
  let signature: string | undefined;
  let givenKey: string | undefined;
  let signatureVersion: string | undefined;
  let expires: string | undefined;
  const pairs: string[] = [];
  for (const name of Object.keys(params).sort(javaCompare)) {
    const value = params[name] ?? '';
    const lower = name.toLowerCase(); // Java: equalsIgnoreCase
    if (lower === 'signature') {
      signature = value;
      continue;
    }
    if (lower === 'apikey') givenKey = value;
    else if (lower === 'signatureversion') signatureVersion = value;
    else if (lower === 'expires') expires = value;
    pairs.push(`${name}=${javaUrlEncodeForServer(value)}`);
  }
  if (signature === undefined || givenKey === undefined || givenKey !== apiKey) return false;
  if (signatureVersion === '3') {
    const at = expires === undefined ? undefined : parseServerExpires(expires);
    if (!at || at.getTime() < now) return false;
  }
  const unsigned = pairs.join('&').toLowerCase();
  const computed = Buffer.from(
    createHmac('sha1', Buffer.from(secretKey, 'utf8')).update(unsigned, 'utf8').digest('base64'),
  );
  const given = Buffer.from(signature, 'utf8');
  return given.length === computed.length && timingSafeEqual(given, computed);
}
