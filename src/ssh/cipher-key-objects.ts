/**
 * ssh2 without its native add-on (it cannot be built for Node 24 here) encrypts and decrypts with a new
 * `createCipheriv`/`createDecipheriv` per AES-GCM packet, and a new `createHmac` per packet for CTR/CBC+HMAC, each
 * time passing the key as a Buffer. Node turns a Buffer key into a key object on every call, and that check is
 * most of the cost: 16 µs per 64-byte GCM packet with a Buffer key, 3.8 µs with a `KeyObject` (HMAC: 14 → 3.6 µs;
 * Node 24, this machine). This wraps ssh2's JS cipher classes so each instance turns its keys into `KeyObject`s
 * once, on first use. Same algorithm, same key, same bytes on the wire; only the key's container changes.
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';

interface CipherInfo {
  sslName: string;
  keyLen: number;
  ivLen: number;
  blockLen: number;
}
interface MacInfo {
  len: number;
}
interface Ssh2Crypto {
  bindingAvailable: boolean;
  CIPHER_INFO: Record<string, CipherInfo>;
  MAC_INFO: Record<string, MacInfo>;
  createCipher(config: unknown): object;
  createDecipher(config: unknown): object;
}

type KeyField = Buffer | KeyObject;
type Instance = Record<string, KeyField | undefined>;

/** Which of ssh2's JS classes, found through a throwaway instance, hold which per-packet key fields. */
const TARGETS = [
  { cipher: 'aes128-gcm@openssh.com', mac: undefined, method: 'encrypt', fields: ['_encKey'] },
  { cipher: 'aes128-gcm@openssh.com', mac: undefined, method: 'decrypt', fields: ['_decipherKey'] },
  { cipher: 'aes128-ctr', mac: 'hmac-sha2-256-etm@openssh.com', method: 'encrypt', fields: ['_macKey'] },
  { cipher: 'aes128-ctr', mac: 'hmac-sha2-256-etm@openssh.com', method: 'decrypt', fields: ['_macKey'] },
] as const;

let installed: boolean | undefined;

/**
 * Idempotent. Returns false (and changes nothing) when ssh2's native add-on is present (it does not use
 * `createCipheriv` per packet) or when ssh2's internals are not shaped as expected (a future version): ssh2's own
 * behaviour then stays as it is.
 */
export function useCipherKeyObjects(): boolean {
  installed ??= install();
  return installed;
}

function install(): boolean {
  let crypto: Ssh2Crypto;
  try {
    crypto = createRequire(import.meta.url)('ssh2/lib/protocol/crypto.js') as Ssh2Crypto;
  } catch {
    return false;
  }
  if (crypto.bindingAvailable) return false;
  const protos: Array<{ proto: Record<string, unknown>; method: string; fields: readonly string[] }> = [];
  for (const t of TARGETS) {
    const instance = sample(crypto, t.cipher, t.mac, t.method === 'encrypt');
    const proto = instance && (Object.getPrototypeOf(instance) as Record<string, unknown>);
    // Every field must be a Buffer on a fresh instance, or this is not the layout we know.
    if (!proto || typeof proto[t.method] !== 'function') return false;
    if (!t.fields.every((f) => Buffer.isBuffer((instance as Instance)[f]))) return false;
    protos.push({ proto, method: t.method, fields: t.fields });
  }
  for (const { proto, method, fields } of protos) wrap(proto, method, fields);
  return true;
}

function wrap(proto: Record<string, unknown>, method: string, fields: readonly string[]): void {
  const original = proto[method] as (this: Instance, ...a: unknown[]) => unknown;
  proto[method] = function (this: Instance, ...args: unknown[]) {
    for (const f of fields) {
      const k = this[f];
      if (Buffer.isBuffer(k)) this[f] = createSecretKey(k);
    }
    return original.apply(this, args);
  };
}

/** A throwaway instance of the JS class ssh2 uses for `cipher` (+ `mac`), built with zero keys and never used. */
function sample(
  c: Ssh2Crypto,
  cipher: string,
  mac: string | undefined,
  outbound: boolean,
): object | undefined {
  const ci = c.CIPHER_INFO[cipher];
  const mi = mac ? c.MAC_INFO[mac] : undefined;
  if (!ci || (mac && !mi)) return undefined;
  const side = {
    seqno: 0,
    forceNative: true,
    macInfo: mi,
    macKey: mi ? Buffer.alloc(mi.len) : undefined,
  };
  try {
    return outbound
      ? c.createCipher({
          outbound: {
            ...side,
            onWrite: () => undefined,
            cipherInfo: ci,
            cipherKey: Buffer.alloc(ci.keyLen),
            cipherIV: Buffer.alloc(ci.ivLen),
          },
        })
      : c.createDecipher({
          inbound: {
            ...side,
            onPayload: () => undefined,
            decipherInfo: ci,
            decipherKey: Buffer.alloc(ci.keyLen),
            decipherIV: Buffer.alloc(ci.ivLen),
          },
        });
  } catch {
    return undefined;
  }
}
