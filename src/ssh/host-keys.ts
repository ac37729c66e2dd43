/** Host-key pinning: a host is trusted only by a configured fingerprint or a known_hosts entry; there is no accept-any. */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { InventoryHost, SshDefaults } from '../config/schema.ts';
import { OpsError } from '../core/errors.ts';

/** OpenSSH's format (`ssh-keygen -lf`): SHA256 of the raw key blob, base64 without padding. */
export function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** Keys by a line's host-pattern field as written ("kvm01,10.0.0.5", "[10.0.0.5]:2222", "|1|salt|hash"). */
export interface KnownHosts {
  keys: Map<string, Buffer[]>;
  /** `@revoked` lines: these keys are refused for matching hosts even when pinned elsewhere, as OpenSSH does. */
  revoked: Map<string, Buffer[]>;
}

export function parseKnownHosts(text: string): KnownHosts {
  const known: KnownHosts = { keys: new Map(), revoked: new Map() };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    const marker = fields[0]?.startsWith('@') ? fields.shift() : undefined;
    // A CA key does not pin a host (certificates are not supported), so @cert-authority lines are skipped.
    if (marker !== undefined && marker !== '@revoked') continue;
    const [patterns, _type, b64] = fields;
    if (!patterns || !b64 || !/^[A-Za-z0-9+/]+=*$/.test(b64)) continue;
    const blob = Buffer.from(b64, 'base64');
    if (blob.length === 0) continue;
    const map = marker ? known.revoked : known.keys;
    const list = map.get(patterns) ?? [];
    list.push(blob);
    map.set(patterns, list);
  }
  return known;
}

export function loadKnownHosts(path: string): KnownHosts {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new OpsError(
      'config_invalid',
      `cannot read known_hosts file ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`,
      { cause: e },
    );
  }
  return parseKnownHosts(text);
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.');
  return new RegExp(`^${body}$`, 'i');
}

function hashedMatches(entry: string, written: string): boolean {
  const [, , salt, hash] = entry.split('|');
  if (!salt || !hash) return false;
  const mac = createHmac('sha1', Buffer.from(salt, 'base64')).update(written).digest();
  const want = Buffer.from(hash, 'base64');
  return want.length === mac.length && timingSafeEqual(mac, want);
}

/** OpenSSH semantics: any negated match vetoes the line; otherwise any positive match selects it. */
function lineMatches(patternField: string, written: string[]): boolean {
  if (patternField.startsWith('|1|')) return written.some((w) => hashedMatches(patternField, w));
  let hit = false;
  for (const p of patternField.split(',')) {
    const negated = p.startsWith('!');
    const re = globToRegExp(negated ? p.slice(1) : p);
    if (written.some((w) => re.test(w))) {
      if (negated) return false;
      hit = true;
    }
  }
  return hit;
}

function keysMatching(map: Map<string, Buffer[]>, names: string[], port: number): Buffer[] {
  const written = [...new Set(names)].map((n) => (port === 22 ? n : `[${n}]:${port}`));
  const out: Buffer[] = [];
  for (const [patterns, keys] of map) if (lineMatches(patterns, written)) out.push(...keys);
  return out;
}

/** Keys known for any of `names` on `port` (written "name" for 22, "[name]:port" otherwise, as ssh does). */
export const knownKeysFor = (known: KnownHosts, names: string[], port: number): Buffer[] =>
  keysMatching(known.keys, names, port);

/** Keys marked `@revoked` for any of `names` on `port`. */
export const revokedKeysFor = (known: KnownHosts, names: string[], port: number): Buffer[] =>
  keysMatching(known.revoked, names, port);

export interface HostVerifier {
  (key: Buffer): boolean;
  /** The fingerprint the server presented last, for the error message. */
  presented(): string | undefined;
  /** The host_key_mismatch error to raise after ssh2 reports the handshake was denied. */
  mismatchError(): OpsError;
}

/** Throws host_key_unpinned when the host has no pin at all, so such a host is never even dialled. */
export function makeHostVerifier(
  host: InventoryHost,
  defaults: Pick<SshDefaults, 'port'>,
  knownHosts?: KnownHosts,
): HostVerifier {
  const port = host.port ?? defaults.port;
  const names = [host.name, host.address ?? host.name];
  const revoked = knownHosts ? revokedKeysFor(knownHosts, names, port) : [];
  const isRevoked = (key: Buffer): boolean => revoked.some((r) => r.equals(key));
  const revokedFps = revoked.map(fingerprintOf);
  const pins = host.hostKeys.filter((fp) => !revokedFps.includes(fp));
  const known = (knownHosts ? knownKeysFor(knownHosts, names, port) : []).filter((k) => !isRevoked(k));
  if (pins.length === 0 && known.length === 0) {
    throw new OpsError(
      'host_key_unpinned',
      `no pinned host key for ${host.name}; add hostKeys or knownHostsFile`,
    );
  }
  const expected = [...pins, ...known.map(fingerprintOf)];
  let last: string | undefined;
  let lastRevoked = false;
  const verify = (key: Buffer): boolean => {
    last = fingerprintOf(key);
    // A revoked key is refused before any pin is consulted, as OpenSSH does.
    lastRevoked = isRevoked(key);
    if (lastRevoked) return false;
    return pins.includes(last) || known.some((k) => k.equals(key));
  };
  return Object.assign(verify, {
    presented: () => last,
    mismatchError: () =>
      lastRevoked
        ? new OpsError(
            'host_key_mismatch',
            `host key for ${host.name} is revoked: ${last} is marked @revoked in known_hosts, so it is refused even where it is pinned. Install a new host key, verify it out of band and update the pin.`,
          )
        : new OpsError(
            'host_key_mismatch',
            `host key for ${host.name} changed: got ${last ?? 'no key'}, pinned ${expected.join(', ')}. If the host was reinstalled, verify the new key out of band and update the pin.`,
          ),
  });
}
