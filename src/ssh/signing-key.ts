/**
 * The bot's private key, parsed once per executor and signing with a native `KeyObject`. ssh2's parsed key keeps
 * only a PEM string and hands it to `crypto.sign` for every connection, so Node re-parses the PEM each time:
 * an ed25519 user-auth signature costs 88 µs that way and 36 µs with a `KeyObject` (Node 24, this machine).
 */
import { createPrivateKey, sign } from 'node:crypto';
import ssh2, { type ParsedKey } from 'ssh2';
import { OpsError } from '../core/errors.ts';

const { utils } = ssh2;

/** ssh2's own default hash per key type when the caller names none (keyParser.js); RSA callers always name one. */
const DEFAULT_HASH = new Map<string, string | null>([
  ['ssh-ed25519', null],
  ['ssh-rsa', 'sha1'],
  ['ecdsa-sha2-nistp256', 'sha256'],
  ['ecdsa-sha2-nistp384', 'sha384'],
  ['ecdsa-sha2-nistp521', 'sha512'],
]);

/** `key` must already be validated (resolvePrivateKey); a key type we do not know keeps ssh2's own `sign`. */
export function signingKey(key: Buffer): ParsedKey {
  const parsed = utils.parseKey(key);
  if (parsed instanceof Error || Array.isArray(parsed) || !parsed.isPrivateKey())
    throw new OpsError('ssh_auth_failed', 'the SSH private key cannot be parsed');
  const defaultHash = DEFAULT_HASH.get(parsed.type);
  if (defaultHash === undefined) return parsed;
  const native = createPrivateKey(parsed.getPrivatePEM());
  // Same contract as ssh2's sign(): a signature Buffer, or the Error (returned, not thrown).
  parsed.sign = ((data: Buffer | string, algo?: string) => {
    try {
      return sign(algo || defaultHash, typeof data === 'string' ? Buffer.from(data) : data, native);
    } catch (e) {
      return e as Error;
    }
  }) as ParsedKey['sign'];
  return parsed;
}
