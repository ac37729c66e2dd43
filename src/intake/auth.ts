/** The shared secret of the alert webhooks: `Authorization: Bearer <secret>` or `X-Cloudops-Signature: sha256=<hex HMAC of the body>`. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

const same = (a: Buffer, b: Buffer): boolean => a.length === b.length && timingSafeEqual(a, b);

export function authorized(headers: IncomingHttpHeaders, body: Buffer, secret: string): boolean {
  const auth = headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer '))
    return same(Buffer.from(auth.slice(7).trim()), Buffer.from(secret));
  const sig = headers['x-cloudops-signature'];
  if (typeof sig === 'string' && sig.startsWith('sha256=')) {
    const want = createHmac('sha256', secret).update(body).digest();
    const got = Buffer.from(sig.slice(7).trim(), 'hex');
    return same(got, want);
  }
  return false;
}

export function signBody(body: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
