/** The lab's ApiServer.verifyRequest: known apiKey, valid signature, and for signatureVersion 3 an unexpired `expires`. */
import { parseExpires, verifySignature } from '../../cloudstack/sign.ts';

/** Parameter names are matched case-insensitively, as CloudStack does for apiKey/signatureVersion/expires. */
const get = (p: Record<string, string>, name: string): string | undefined =>
  Object.entries(p).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

export function verifyRequest(
  params: Record<string, string>,
  apiKey: string,
  secretKey: string,
  now = Date.now(),
): boolean {
  if (get(params, 'apiKey') !== apiKey) return false;
  if (!verifySignature(params, secretKey)) return false;
  if (get(params, 'signatureVersion') === '3') {
    const expires = parseExpires(get(params, 'expires') ?? '');
    if (Number.isNaN(expires) || expires <= now) return false;
  }
  return true;
}
