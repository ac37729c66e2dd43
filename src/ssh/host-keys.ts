/** Host-key pinning: a host is trusted only by a configured fingerprint or a known_hosts entry; there is no accept-any. */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { InventoryHost, SshDefaults } from '../config/schema.ts';
import { OpsError } from '../core/errors.ts';

/** OpenSSH's format (`ssh-keygen -lf`): SHA256 of the raw key blob, base64 without padding. */
export function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** Key: a line's host-pattern field as written ("kvm01,10.0.0.5", "[10.0.0.5]:2222", "|1|salt|hash"). */
export type KnownHosts = Map<string, Buffer[]>;

export function parseKnownHosts(text: string): KnownHosts {
  const map: KnownHosts = new Map();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    // Both markers are skipped: a CA key does not pin a host, and a revoked key must never be accepted.
    if (fields[0]?.startsWith('@')) continue;
    const [patterns, _type, b64] = fields;
    if (!patterns || !b64 || !/^[A-Za-z0-9+/]+=*$/.test(b64)) continue;
    const blob = Buffer.from(b64, 'base64');
    if (blob.length === 0) continue;
    const list = map.get(patterns) ?? [];
    list.push(blob);
    map.set(patterns, list);
  }
  return map;
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

/** Keys known for any of `names` on `port` (written "name" for 22, "[name]:port" otherwise, as ssh does). */
export function knownKeysFor(known: KnownHosts, names: string[], port: number): Buffer[] {
  const written = [...new Set(names)].map((n) => (port === 22 ? n : `[${n}]:${port}`));
  const out: Buffer[] = [];
  for (const [patterns, keys] of known) if (lineMatches(patterns, written)) out.push(...keys);
  return out;
}

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
  const pins = [...host.hostKeys];
  const known = knownHosts ? knownKeysFor(knownHosts, [host.name, host.address ?? host.name], port) : [];
  if (pins.length === 0 && known.length === 0) {
    throw new OpsError(
      'host_key_unpinned',
      `no pinned host key for ${host.name}; add hostKeys or knownHostsFile`,
    );
  }
  const expected = [...pins, ...known.map(fingerprintOf)];
  let last: string | undefined;
  const verify = (key: Buffer): boolean => {
    last = fingerprintOf(key);
    return pins.includes(last) || known.some((k) => k.equals(key));
  };
  return Object.assign(verify, {
    presented: () => last,
    mismatchError: () =>
      new OpsError(
        'host_key_mismatch',
        `host key for ${host.name} changed: got ${last ?? 'no key'}, pinned ${expected.join(', ')}. If the host was reinstalled, verify the new key out of band and update the pin.`,
      ),
  });
}
