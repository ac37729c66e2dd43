/**
 * Public-key auth in one round trip. ssh2 first asks the server whether it would accept the key (a USERAUTH_REQUEST
 * without signature, answered by PK_OK), and only then sends the signed request. RFC 4252 §7 lets a client send the
 * signed request directly; sshd then checks the key and the signature in one step. We hold the private key in
 * process, so the probe only costs a round trip: a packet each way, a socket write and a wakeup on both ends.
 */
import type { Client, ParsedKey } from 'ssh2';

type Sign = (buf: Buffer, cb: (signature: Buffer) => void) => void;
type AuthPK = (username: string, key: unknown, keyAlgo?: unknown, cbSign?: Sign) => void;
interface ProtocolInternals {
  _protocol?: { authPK?: AuthPK };
}

/** The hash ssh2 pairs with each RSA signature algorithm (client.js getKeyAlgos); other key types name none. */
const RSA_HASH = new Map([
  ['rsa-sha2-256', 'sha256'],
  ['rsa-sha2-512', 'sha512'],
  ['ssh-rsa', 'sha1'],
]);

const isSigningKey = (k: unknown): k is ParsedKey =>
  typeof k === 'object' && k !== null && typeof (k as ParsedKey).isPrivateKey === 'function';

/**
 * Call right after `client.connect()`, like skipHostKeyProof. ssh2 1.x sends the probe through
 * `_protocol.authPK(user, key, algo)` and the signed request through `authPK(user, key, algo, cbSign)`; the probe
 * becomes the signed request. If signing fails the probe goes out as before and ssh2's own flow continues. If the
 * method moves in a future ssh2, this returns false and changes nothing.
 */
export function signWithoutProbe(client: Client): boolean {
  const proto = (client as unknown as ProtocolInternals)._protocol;
  const original = proto?.authPK;
  if (!proto || typeof original !== 'function') return false;
  proto.authPK = (username, key, keyAlgo, cbSign) => {
    if (cbSign || typeof keyAlgo === 'function' || !isSigningKey(key) || !key.isPrivateKey())
      return original.call(proto, username, key, keyAlgo, cbSign);
    const hash = typeof keyAlgo === 'string' ? RSA_HASH.get(keyAlgo) : undefined;
    let failed = false;
    // ssh2 calls this synchronously and sends nothing until `cb` runs, so a failed signature sends nothing here.
    original.call(proto, username, key, keyAlgo, (buf, cb) => {
      const signature = key.sign(buf, hash) as Buffer | Error;
      if (signature instanceof Error) failed = true;
      else cb(signature);
    });
    // ssh2's own probe, whose PK_OK handler signs again and reports the error its usual way.
    if (failed) original.call(proto, username, key, keyAlgo);
  };
  return true;
}
