/**
 * The cold-path savings in the executor's connection setup, each proven over a real SSH connection on loopback:
 * one signed public-key request (no "none" probe, no key probe), signing with a cached native key, and ssh2's
 * JS cipher path keyed by KeyObjects producing exactly the bytes the plain Buffer-keyed path produces.
 */
import { createCipheriv, KeyObject, verify } from 'node:crypto';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import ssh2, { type AuthContext, type Connection, type ParsedKey } from 'ssh2';
import { afterAll, describe, expect, it } from 'vitest';
import { inventoryHostSchema } from '../../src/config/schema.ts';
import { useCipherKeyObjects } from '../../src/ssh/cipher-key-objects.ts';
import { COMMANDS } from '../../src/ssh/commands.ts';
import { createSshExecutor } from '../../src/ssh/executor.ts';
import { fingerprintOf } from '../../src/ssh/host-keys.ts';
import { signingKey } from '../../src/ssh/signing-key.ts';
import type { Executor } from '../../src/ssh/types.ts';
import { rejection, sshDefaults } from './ssh-lab.ts';

const { Server, utils, Client } = ssh2;

interface Attempt {
  method: string;
  signed: boolean;
}

interface RecordingHost {
  port: number;
  fingerprint: string;
  attempts: Attempt[];
  ciphers: string[];
  close(): Promise<void>;
}

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  // Newest first: executors (and their pooled connections) close before the servers that wait for them.
  for (const c of closers.splice(0).reverse()) await c();
});

function parsed(key: string): ParsedKey {
  const k = utils.parseKey(key);
  if (k instanceof Error || Array.isArray(k)) throw new Error('bad test key');
  return k;
}

/** An ssh2 server that records every auth request and the cipher negotiated, and answers `cat /proc/meminfo`. */
async function recordingHost(
  authorized: string,
  opts: { cipher?: string; bytes?: number } = {},
): Promise<RecordingHost> {
  const hostKey = utils.generateKeyPairSync('ed25519').private;
  const allowed = parsed(authorized);
  const attempts: Attempt[] = [];
  const ciphers: string[] = [];
  const body = 'MemTotal:        3880412 kB\n'.padEnd(opts.bytes ?? 28, '#');
  const server = new Server(
    {
      hostKeys: [hostKey],
      ...(opts.cipher ? { algorithms: { cipher: [opts.cipher] as ssh2.CipherAlgorithm[] } } : {}),
    },
    (conn: Connection) => {
      conn.on('error', () => undefined);
      conn.on('handshake', (n) => ciphers.push(n.cs.cipher));
      conn.on('authentication', (ctx: AuthContext) => {
        const signed = ctx.method === 'publickey' && ctx.signature !== undefined;
        attempts.push({ method: ctx.method, signed });
        if (ctx.method !== 'publickey' || !ctx.key.data.equals(allowed.getPublicSSH()))
          return ctx.reject(['publickey']);
        if (ctx.signature && allowed.verify(ctx.blob as Buffer, ctx.signature, ctx.hashAlgo) !== true)
          return ctx.reject(['publickey']);
        ctx.accept();
      });
      conn.on('ready', () =>
        conn.on('session', (accept) =>
          accept().on('exec', (acceptExec) => {
            const s = acceptExec();
            s.write(body);
            s.exit(0);
            s.end();
          }),
        ),
      );
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  closers.push(close);
  return { port, fingerprint: fingerprintOf(parsed(hostKey).getPublicSSH()), attempts, ciphers, close };
}

function executorFor(key: string): Executor {
  const ex = createSshExecutor({ defaults: sshDefaults(), privateKey: key, globalConcurrency: 4 });
  closers.push(() => ex.close());
  return ex;
}

const hostAt = (h: RecordingHost) =>
  inventoryHostSchema.parse({
    name: 'kvm-rec',
    address: '127.0.0.1',
    port: h.port,
    role: 'kvm',
    hostKeys: [h.fingerprint],
  });

const KEYS = {
  ed25519: () => utils.generateKeyPairSync('ed25519'),
  rsa: () => utils.generateKeyPairSync('rsa', { bits: 2048 }),
  ecdsa: () => utils.generateKeyPairSync('ecdsa', { bits: 256 }),
} as const;

describe('public-key login in one round trip', () => {
  for (const [type, make] of Object.entries(KEYS)) {
    it(`sends one signed ${type} request: no "none" probe, no unsigned key probe`, async () => {
      const kp = make();
      const h = await recordingHost(kp.public);
      const r = await executorFor(kp.private).run(hostAt(h), COMMANDS.meminfo, {});
      expect(r.stdout).toContain('MemTotal');
      expect(h.attempts).toEqual([{ method: 'publickey', signed: true }]);
    });
  }

  it('a key the host refuses is still ssh_auth_failed, after one attempt', async () => {
    const h = await recordingHost(KEYS.ed25519().public);
    const e = await rejection(executorFor(KEYS.ed25519().private).run(hostAt(h), COMMANDS.meminfo, {}));
    expect(e.code).toBe('ssh_auth_failed');
    expect(h.attempts).toEqual([{ method: 'publickey', signed: true }]);
  });
});

describe('signingKey', () => {
  for (const [type, make] of Object.entries(KEYS)) {
    it(`${type}: signs with a native key object, verifiable like ssh2's own signature`, () => {
      const kp = make();
      const fast = signingKey(Buffer.from(kp.private));
      const reference = parsed(kp.private);
      const data = Buffer.from('session id and userauth request');
      const hash = type === 'rsa' ? 'sha256' : undefined;
      const sig = fast.sign(data, hash);
      expect(Buffer.isBuffer(sig)).toBe(true);
      expect(reference.verify(data, sig, hash)).toBe(true);
      // ed25519 and RSA PKCS#1 v1.5 are deterministic: byte for byte what ssh2 itself would send.
      if (type !== 'ecdsa') expect(sig.equals(reference.sign(data, hash))).toBe(true);
      else expect(verify('sha256', data, reference.getPublicPEM(), sig)).toBe(true);
    });
  }

  it('refuses a public key', () => {
    expect(() => signingKey(Buffer.from(KEYS.ed25519().public))).toThrow(/cannot be parsed/);
  });
});

describe('useCipherKeyObjects', () => {
  interface Ssh2Crypto {
    CIPHER_INFO: Record<string, { keyLen: number; ivLen: number }>;
    createCipher(c: unknown): { encrypt(p: Buffer): void; allocPacket(n: number): Buffer };
  }
  const crypto = createRequire(import.meta.url)('ssh2/lib/protocol/crypto.js') as Ssh2Crypto;

  it('finds ssh2’s JS cipher classes (an ssh2 upgrade that moves them fails here, not silently)', () => {
    expect(useCipherKeyObjects()).toBe(true);
  });

  it('AES-GCM packets are byte for byte what a Buffer-keyed createCipheriv produces', () => {
    useCipherKeyObjects();
    const key = Buffer.alloc(16, 7);
    const iv = Buffer.alloc(12, 3);
    const out: Buffer[] = [];
    const c = crypto.createCipher({
      outbound: {
        onWrite: (b: Uint8Array) => out.push(Buffer.from(b)),
        seqno: 0,
        cipherInfo: crypto.CIPHER_INFO['aes128-gcm@openssh.com'],
        cipherKey: Buffer.from(key),
        cipherIV: Buffer.from(iv),
        forceNative: true,
      },
    });
    for (let n = 0; n < 3; n++) {
      const packet = c.allocPacket(40);
      packet.fill(n + 1, 5);
      out.length = 0;
      c.encrypt(packet);
      const ref = createCipheriv('aes-128-gcm', key, iv);
      ref.setAAD(packet.subarray(0, 4));
      const expected = Buffer.concat([packet.subarray(0, 4), ref.update(packet.subarray(4)), ref.final()]);
      expect(Buffer.concat(out)).toEqual(Buffer.concat([expected, ref.getAuthTag()]));
      iv.writeBigUInt64BE(iv.readBigUInt64BE(4) + 1n, 4); // SSH's per-packet GCM nonce increment
    }
    expect((c as unknown as { _encKey: unknown })._encKey).toBeInstanceOf(KeyObject);
  });

  for (const cipher of ['aes128-gcm@openssh.com', 'aes128-ctr']) {
    it(`${cipher}: a 200 KB answer arrives intact over the KeyObject-keyed path`, async () => {
      const kp = KEYS.ed25519();
      const h = await recordingHost(kp.public, { cipher, bytes: 200_000 });
      const r = await executorFor(kp.private).run(hostAt(h), COMMANDS.meminfo, {});
      expect(h.ciphers).toEqual([cipher]);
      expect(r.stdout.length).toBe(200_000);
      expect(r.stdout.startsWith('MemTotal:')).toBe(true);
    });
  }

  it('a raw client keeps KeyObjects in its live cipher and decipher once traffic flows', async () => {
    useCipherKeyObjects();
    const kp = KEYS.ed25519();
    const h = await recordingHost(kp.public);
    const client = new Client();
    await new Promise<void>((resolve, reject) => {
      client.on('ready', () => resolve()).on('error', reject);
      client.connect({
        host: '127.0.0.1',
        port: h.port,
        username: 'x',
        privateKey: kp.private,
        hostVerifier: () => true,
      });
    });
    await new Promise<void>((resolve, reject) =>
      client.exec('x', (err, s) => (err ? reject(err) : s.on('close', () => resolve()).resume())),
    );
    const proto = (client as unknown as { _protocol: { _cipher: object; _decipher: object } })._protocol;
    expect((proto._cipher as { _encKey: unknown })._encKey).toBeInstanceOf(KeyObject);
    expect((proto._decipher as { _decipherKey: unknown })._decipherKey).toBeInstanceOf(KeyObject);
    client.end();
  });
});
