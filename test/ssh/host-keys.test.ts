import { execFileSync, spawnSync } from 'node:child_process';
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

// Produced by `ssh-keygen -t ed25519` / `ssh-keygen -lf` (OpenSSH 9.x) on the dev machine.
const VECTOR_PUB = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIO9rwNEWLHYWABBoTH/mZv09UJYR7G2/myckaCJTVGbz vector';
const VECTOR_FP = 'SHA256:2VWhu0iy28iz8WUhbV7/vOsnxHdey4XT1lo1RsOSasU';

const blobOf = (pub: string) => Buffer.from(pub.split(' ')[1] as string, 'base64');
const defaults = sshDefaultsSchema.parse({});
const host = (over: Record<string, unknown> = {}) =>
  inventoryHostSchema.parse({ name: 'kvm01', role: 'kvm', ...over });

const hasSshKeygen = (): boolean => spawnSync('ssh-keygen', ['-?'], { stdio: 'ignore' }).error === undefined;

describe('fingerprintOf', () => {
  it('matches ssh-keygen -lf for a fixed vector', () => {
    expect(fingerprintOf(blobOf(VECTOR_PUB))).toBe(VECTOR_FP);
  });

  it('matches ssh-keygen -lf for a freshly generated key (when ssh-keygen is installed)', () => {
    const kp = generateKeyPair();
    expect(kp.fingerprint).toBe(fingerprintOf(blobOf(kp.publicSsh)));
    if (!hasSshKeygen()) {
      console.warn('ssh-keygen not installed: only the fixed vector was compared');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'fp-'));
    writeFileSync(join(dir, 'k.pub'), `${kp.publicSsh}\n`);
    const out = execFileSync('ssh-keygen', ['-lf', join(dir, 'k.pub')]).toString();
    expect(out.split(' ')[1]).toBe(kp.fingerprint);
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

  it('matches hashed entries written by ssh-keygen -H', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-'));
    const file = join(dir, 'known_hosts');
    writeFileSync(file, `kvm02 ${a.publicSsh}\n[127.0.0.1]:2200 ${b.publicSsh}\n`);
    if (hasSshKeygen()) {
      execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
      expect(readFileSync(file, 'utf8')).toMatch(/^\|1\|/);
    } else {
      console.warn('ssh-keygen not installed: hashed known_hosts built by the test itself is not covered');
      return;
    }
    const hashed = loadKnownHosts(file);
    expect(knownKeysFor(hashed, ['kvm02'], 22).map(fingerprintOf)).toEqual([a.fingerprint]);
    expect(knownKeysFor(hashed, ['127.0.0.1'], 2200).map(fingerprintOf)).toEqual([b.fingerprint]);
    expect(knownKeysFor(hashed, ['kvm03'], 22)).toEqual([]);
  });

  it('reports an unreadable file as config_invalid', () => {
    expect(() => loadKnownHosts('/nonexistent/known_hosts')).toThrow(/cannot read known_hosts/);
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
