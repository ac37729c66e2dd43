/**
 * One redaction helper for everything that leaves the process (audit rows, logs, Slack, the model): values
 * under secret-looking keys are replaced, any known secret found inside a string is masked, and CloudStack
 * settings that hold secrets are recognised by name and by CloudStack's own Secure/Hidden categories.
 */
const SECRET_KEY = /(secret|password|passwd|apikey|api_key|token|privatekey|private_key|signature)/i;
/** What a hidden value reads as, everywhere. */
export const REDACTED = '[redacted]';
const MAX_DEPTH = 20;
/** Shorter "secrets" would mask ordinary words; real keys and passwords are longer than this. */
export const MIN_SECRET_LENGTH = 6;

export function redactSecrets<T>(value: T, knownSecrets: Iterable<string | undefined> = []): T {
  // Longest first, so a secret that contains another is masked whole.
  const secrets = [
    ...new Set(
      [...knownSecrets].filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH),
    ),
  ].sort((a, b) => b.length - a.length);
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') {
      let out = v;
      for (const s of secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
      return out;
    }
    if (v === null || typeof v !== 'object') return v;
    if (depth > MAX_DEPTH) return REDACTED;
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>))
      out[k] = SECRET_KEY.test(k) && x !== undefined && x !== null ? REDACTED : walk(x, depth + 1);
    return out;
  };
  return walk(value, 0) as T;
}

/**
 * True when a setting's name says it holds a secret: a dotted/underscored segment containing password,
 * passwd, secret, token or credential, or naming a key ("key", "apikey", "keystore", "sp.key").
 *
 * @example isSecretSettingName('ldap.bind.password') // true
 * @example isSecretSettingName('mem.overprovisioning.factor') // false
 */
export function isSecretSettingName(name: string): boolean {
  for (const raw of name.toLowerCase().split(/[._-]/)) {
    if (/password|passwd|passphrase|secret|token|credential|privatekey/.test(raw)) return true;
    if (raw === 'pass' || raw === 'pwd' || raw === 'jwt') return true;
    if (raw.startsWith('key') || raw.endsWith('key') || raw.endsWith('keys')) return true;
  }
  return false;
}

/** CloudStack files settings that must not be shown under these categories (ConfigKey categories). */
const SECRET_CATEGORIES = new Set(['secure', 'hidden']);

/** A setting to redact: by name pattern, or because CloudStack itself files it as Secure or Hidden. */
export function isSecretSetting(s: { name: string; category?: string | undefined }): boolean {
  return isSecretSettingName(s.name) || SECRET_CATEGORIES.has((s.category ?? '').toLowerCase());
}
