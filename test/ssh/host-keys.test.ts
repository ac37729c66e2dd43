import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inventoryHostSchema, sshDefaultsSchema } from '../../src/config/schema.ts';
import { isOpsError } from '../../src/core/errors.ts';
import { generateKeyPair } from '../../src/lab/ssh-host-server.ts';
import {
  fingerprintOf,
  knownKeysFor,
  loadKnownHosts,
  makeHostVerifier,
  parseKnownHosts,
  revokedKeysFor,
} from '../../src/ssh/host-keys.ts';
import { describeWithTool } from '../lab-render/real-tool.ts';

// Produced by `ssh-keygen -t ed25519` / `ssh-keygen -lf` (OpenSSH 9.x) on the dev machine.
const VECTOR_PUB = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIO9rwNEWLHYWABBoTH/mZv09UJYR7G2/myckaCJTVGbz vector';
const VECTOR_FP = 'SHA256:2VWhu0iy28iz8WUhbV7/vOsnxHdey4XT1lo1RsOSasU';
// `ssh-keygen -t rsa -b 2048` / `ssh-keygen -lf` (OpenSSH 9.x): a fingerprint whose base64 has padding to strip.
const RSA_PUB =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDnmjigzqtbNXu194La8NbNrZaxOO2JIGYeEBEkefKxlfdOA/OIYDf4plxJ8KfdQJwdAeycgM9jbcU+Dq4PNEw+im/4KBq2skKfZlNqD89+FCFnFp007Ke0A5LDS5QdPVUt/2zTo04l+wKdkN9F/3G4QBa9cdyDNDandy3MUmhtJHSpdx5Y3HK5Em9ohFNc8hKJD0CrG+pqpnkhJu+LNXnmS1emN8f0/37lXwmn2tSSELIMIlliM5p/Xds8vn/Jb6NkXK/EsOvvJBAfmZ6541/iu/oqRNisY+xkqJ8VNYwhPBuzeMMNpSJYSXRZD8QkBfgwoXMh5u61KwJ1Rwz54NLX rsa-vector';
const RSA_FP = 'SHA256:J7je6/9cIlmDOU7PMU2fN/3ukQ/bbUp+DMn6ZLvlWhs';

const blobOf = (pub: string) => Buffer.from(pub.split(' ')[1] as string, 'base64');
const defaults = sshDefaultsSchema.parse({});
const host = (over: Record<string, unknown> = {}) =>
  inventoryHostSchema.parse({ name: 'kvm01', role: 'kvm', ...over });

describe('fingerprintOf', () => {
  it('matches ssh-keygen -lf for fixed ed25519 and RSA vectors', () => {
    expect(fingerprintOf(blobOf(VECTOR_PUB))).toBe(VECTOR_FP);
    expect(fingerprintOf(blobOf(RSA_PUB))).toBe(RSA_FP);
  });
});

describeWithTool('ssh-keygen', 'openssh-client', 'host keys checked against the real ssh-keygen', () => {
  it('fingerprintOf matches ssh-keygen -lf for a freshly generated lab key', () => {
    const kp = generateKeyPair();
    const dir = mkdtempSync(join(tmpdir(), 'fp-'));
    writeFileSync(join(dir, 'k.pub'), `${kp.publicSsh}\n`);
    const out = execFileSync('ssh-keygen', ['-lf', join(dir, 'k.pub')]).toString();
    const fromKeygen = out.split(' ')[1];
    expect(fromKeygen).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(fingerprintOf(blobOf(kp.publicSsh))).toBe(fromKeygen);
    expect(kp.fingerprint).toBe(fromKeygen);
  });

  it('matches hashed known_hosts entries written by ssh-keygen -H', () => {
    const a = generateKeyPair();
    const b = generateKeyPair();
    const dir = mkdtempSync(join(tmpdir(), 'kh-'));
    const file = join(dir, 'known_hosts');
    writeFileSync(file, `kvm02 ${a.publicSsh}\n[127.0.0.1]:2200 ${b.publicSsh}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    expect(readFileSync(file, 'utf8')).toMatch(/^\|1\|/);
    const hashed = loadKnownHosts(file);
    expect(knownKeysFor(hashed, ['kvm02'], 22).map(fingerprintOf)).toEqual([a.fingerprint]);
    expect(knownKeysFor(hashed, ['127.0.0.1'], 2200).map(fingerprintOf)).toEqual([b.fingerprint]);
    expect(knownKeysFor(hashed, ['kvm03'], 22)).toEqual([]);
    expect(knownKeysFor(hashed, ['127.0.0.1'], 22)).toEqual([]);
  });
});

describe('known_hosts', () => {
  const a = generateKeyPair();
  const b = generateKeyPair();
  const text = [
    '# comment line',
    '',
    `kvm01,10.0.0.5 ${a.publicSsh}`,
    `[10.0.0.6]:2222 ${b.publicSsh}`,
    `@cert-authority *.example.com ${b.publicSsh}`,
    `@revoked kvm01 ${b.publicSsh}`,
    `*.lab,!bad.lab ${b.publicSsh}`,
    'garbage line',
  ].join('\n');
  const known = parseKnownHosts(text);

  it('matches plain and [host]:port entries, wildcards and negation, and ignores markers', () => {
    expect(knownKeysFor(known, ['kvm01'], 22).map(fingerprintOf)).toEqual([a.fingerprint]);
    expect(knownKeysFor(known, ['10.0.0.5'], 22).map(fingerprintOf)).toEqual([a.fingerprint]);
    expect(knownKeysFor(known, ['kvm01'], 2222)).toEqual([]);
    expect(knownKeysFor(known, ['10.0.0.6'], 2222).map(fingerprintOf)).toEqual([b.fingerprint]);
    expect(knownKeysFor(known, ['10.0.0.6'], 22)).toEqual([]);
    expect(knownKeysFor(known, ['x.example.com'], 22)).toEqual([]);
    expect(knownKeysFor(known, ['good.lab'], 22).map(fingerprintOf)).toEqual([b.fingerprint]);
    expect(knownKeysFor(known, ['bad.lab'], 22)).toEqual([]);
    expect(revokedKeysFor(known, ['kvm01'], 22).map(fingerprintOf)).toEqual([b.fingerprint]);
    expect(revokedKeysFor(known, ['good.lab'], 22)).toEqual([]);
  });

  it('reports an unreadable file as config_invalid', () => {
    let err: unknown;
    try {
      loadKnownHosts('/nonexistent/known_hosts');
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({
      code: 'config_invalid',
      message: 'cannot read known_hosts file /nonexistent/known_hosts: ENOENT',
      cause: expect.objectContaining({ code: 'ENOENT' }),
    });
  });
});

describe('makeHostVerifier', () => {
  const a = generateKeyPair();
  const b = generateKeyPair();

  it('accepts only the pinned key and explains a change with both fingerprints', () => {
    const v = makeHostVerifier(host({ hostKeys: [a.fingerprint] }), defaults);
    expect(v(blobOf(a.publicSsh))).toBe(true);
    expect(v(blobOf(b.publicSsh))).toBe(false);
    expect(v.presented()).toBe(b.fingerprint);
    const err = v.mismatchError();
    expect(err.code).toBe('host_key_mismatch');
    expect(err.userMessage).toContain(
      `host key for kvm01 changed: got ${b.fingerprint}, pinned ${a.fingerprint}`,
    );
  });

  it('uses known_hosts entries for the address and port', () => {
    const known = parseKnownHosts(`[127.0.0.1]:2201 ${a.publicSsh}\n`);
    const v = makeHostVerifier(host({ address: '127.0.0.1', port: 2201 }), defaults, known);
    expect(v(blobOf(a.publicSsh))).toBe(true);
    expect(v(blobOf(b.publicSsh))).toBe(false);
  });

  it('refuses a @revoked key even where it is pinned, naming the host and the fingerprint', () => {
    const known = parseKnownHosts(
      [`kvm01 ${a.publicSsh}`, `*.lab,kvm01 ${b.publicSsh}`, `@revoked kvm01 ${b.publicSsh}`].join('\n'),
    );
    for (const hostKeys of [[], [b.fingerprint]]) {
      const v = makeHostVerifier(host({ hostKeys }), defaults, known);
      expect(v(blobOf(a.publicSsh))).toBe(true);
      expect(v(blobOf(b.publicSsh))).toBe(false);
      const err = v.mismatchError();
      expect(err.code).toBe('host_key_mismatch');
      expect(err.userMessage).toContain(`host key for kvm01 is revoked: ${b.fingerprint} is marked @revoked`);
    }
    // Revocation follows the line's host pattern, as in OpenSSH: other hosts may still use the key.
    const other = makeHostVerifier(host({ name: 'db.lab' }), defaults, known);
    expect(other(blobOf(b.publicSsh))).toBe(true);
  });

  it('refuses a host without any pin: there is no accept-any mode', () => {
    const known = parseKnownHosts(`other ${a.publicSsh}\n`);
    for (const k of [undefined, known]) {
      try {
        makeHostVerifier(host(), defaults, k);
        throw new Error('expected a refusal');
      } catch (e) {
        expect(isOpsError(e) && e.code).toBe('host_key_unpinned');
        expect((e as Error).message).toBe('no pinned host key for kvm01; add hostKeys or knownHostsFile');
      }
    }
  });
});

describe('known_hosts matching at the edges', () => {
  const a = generateKeyPair();
  const b = generateKeyPair();
  const fps = (keys: Buffer[]) => keys.map(fingerprintOf);

  it('globs: ? is one character, dots are literal, case does not matter', () => {
    const known = parseKnownHosts(`10.0.0.? ${a.publicSsh}\nkvm.lab ${b.publicSsh}\n`);
    expect(fps(knownKeysFor(known, ['10.0.0.5'], 22))).toEqual([a.fingerprint]);
    expect(knownKeysFor(known, ['10.0.0.55'], 22)).toEqual([]);
    expect(knownKeysFor(known, ['10.0.0.'], 22)).toEqual([]);
    expect(fps(knownKeysFor(known, ['KVM.LAB'], 22))).toEqual([b.fingerprint]);
    expect(knownKeysFor(known, ['kvmXlab'], 22)).toEqual([]);
    expect(knownKeysFor(known, ['x.kvm.lab'], 22)).toEqual([]);
  });

  it('a negation vetoes the line only for the names it matches; a line with only negations selects nothing', () => {
    const known = parseKnownHosts(`!kvm02,kvm* ${a.publicSsh}\n!kvm01 ${b.publicSsh}\n`);
    expect(fps(knownKeysFor(known, ['kvm01'], 22))).toEqual([a.fingerprint]);
    expect(knownKeysFor(known, ['kvm02'], 22)).toEqual([]);
    expect(knownKeysFor(known, ['other'], 22)).toEqual([]);
  });

  it('skips malformed lines: bad base64, an empty key, an unknown marker, a hashed entry without salt', () => {
    const known = parseKnownHosts(
      [
        'kvm01 ssh-ed25519 not*base64',
        'kvm01 ssh-ed25519 ====',
        'kvm01 ssh-ed25519 A',
        `# kvm01 ${a.publicSsh.split(' ')[1]}`,
        `@whatever kvm01 ${a.publicSsh}`,
        `|1|onlysalt ${a.publicSsh}`,
        'kvm01 ssh-ed25519',
        `   kvm01   ${b.publicSsh}   `,
      ].join('\n'),
    );
    expect(fps(knownKeysFor(known, ['kvm01'], 22))).toEqual([b.fingerprint]);
    expect(known.keys.size).toBe(2);
  });

  it('several keys for one pattern are all accepted; the host address is matched as well as its name', () => {
    const known = parseKnownHosts(`10.9.9.9 ${a.publicSsh}\n10.9.9.9 ${b.publicSsh}\n`);
    const v = makeHostVerifier(host({ address: '10.9.9.9' }), defaults, known);
    expect(v(blobOf(a.publicSsh))).toBe(true);
    expect(v(blobOf(b.publicSsh))).toBe(true);
    expect(fps(knownKeysFor(known, ['kvm01', '10.9.9.9', '10.9.9.9'], 22))).toEqual([
      a.fingerprint,
      b.fingerprint,
    ]);
  });

  it('a @cert-authority line is neither a pin nor a revocation', () => {
    const known = parseKnownHosts(`@cert-authority kvm01 ${a.publicSsh}\nkvm01 ${a.publicSsh}\n`);
    expect(revokedKeysFor(known, ['kvm01'], 22)).toEqual([]);
    expect(makeHostVerifier(host(), defaults, known)(blobOf(a.publicSsh))).toBe(true);
  });

  it('a hashed entry matches the host by its address too, and a malformed hash never throws', () => {
    const dir = mkdtempSync(join(tmpdir(), 'khh-'));
    const file = join(dir, 'known_hosts');
    const salt = Buffer.from('0123456789abcdef0123');
    const hash = createHmac('sha1', salt).update('10.9.9.9').digest('base64');
    writeFileSync(
      file,
      `|1|${salt.toString('base64')}|${hash} ${a.publicSsh}\n|1|c2FsdA==|c2hvcnQ= ${b.publicSsh}\n`,
    );
    const known = loadKnownHosts(file);
    expect(fps(knownKeysFor(known, ['kvm01', '10.9.9.9'], 22))).toEqual([a.fingerprint]);
    expect(knownKeysFor(known, ['kvm01'], 22)).toEqual([]);
  });

  it('a known_hosts key that is also @revoked does not count as a pin', () => {
    const known = parseKnownHosts(`kvm01 ${a.publicSsh}\n@revoked kvm01 ${a.publicSsh}\n`);
    expect(() => makeHostVerifier(host(), defaults, known)).toThrow('no pinned host key for kvm01');
  });

  it('a host whose only pin is revoked is unpinned, not trusted', () => {
    const known = parseKnownHosts(`@revoked kvm01 ${a.publicSsh}\n`);
    expect(() => makeHostVerifier(host({ hostKeys: [a.fingerprint] }), defaults, known)).toThrow(
      'no pinned host key for kvm01; add hostKeys or knownHostsFile',
    );
  });

  it('the mismatch message before any key was presented, and with every pin listed', () => {
    const known = parseKnownHosts(`kvm01 ${b.publicSsh}\n`);
    const v = makeHostVerifier(host({ hostKeys: [a.fingerprint] }), defaults, known);
    expect(v.presented()).toBeUndefined();
    expect(v.mismatchError().userMessage).toBe(
      `host key for kvm01 changed: got no key, pinned ${a.fingerprint}, ${b.fingerprint}. If the host was reinstalled, verify the new key out of band and update the pin.`,
    );
    const other = generateKeyPair();
    expect(v(blobOf(other.publicSsh))).toBe(false);
    expect(v.mismatchError().userMessage).toContain(`got ${other.fingerprint}, pinned`);
    // A good key after a revoked one clears the revoked state.
    expect(v(blobOf(a.publicSsh))).toBe(true);
    expect(v.presented()).toBe(a.fingerprint);
  });

  it('uses the configured default port when the host has none', () => {
    const known = parseKnownHosts(`[kvm01]:2222 ${a.publicSsh}\n`);
    const v = makeHostVerifier(host(), sshDefaultsSchema.parse({ port: 2222 }), known);
    expect(v(blobOf(a.publicSsh))).toBe(true);
  });
});
