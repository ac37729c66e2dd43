/**
 * One place that decides what is a secret and hides it: CloudStack settings by name and category, and known
 * secret values (API keys, DB passwords, planted canaries) wherever they appear in a value bound for a
 * person, a log or the model.
 */

export const REDACTED = '<redacted>';

/** Shorter "secrets" would blank out ordinary words; a real key or password is never this short. */
export const MIN_SECRET_LENGTH = 4;

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

/** Keys whose values are secrets whatever they hold (audit rows, logs, model input). */
const SECRET_KEY = /(secret|password|passwd|apikey|api_key|token|privatekey|private_key|signature)/i;

/**
 * A deep copy of `value` with every occurrence of each known secret inside any string replaced by
 * `<redacted>`, and the value under any secret-looking key (password, token, secretkey…) replaced whole.
 * Object keys are kept; other non-string leaves are returned as they are.
 *
 * @example redactSecrets({ text: 'key=abcd1234' }, ['abcd1234']) // { text: 'key=<redacted>' }
 */
export function redactSecrets<T>(value: T, knownSecrets: Iterable<string | undefined> = []): T {
  // Longest first, so a secret that contains another is replaced whole.
  const secrets = [
    ...new Set([...knownSecrets].filter((s): s is string => !!s && s.length >= MIN_SECRET_LENGTH)),
  ].sort((a, b) => b.length - a.length);
  const seen = new WeakMap<object, unknown>();
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      let out = v;
      for (const s of secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
      return out;
    }
    if (v === null || typeof v !== 'object') return v;
    if (seen.has(v)) return seen.get(v);
    if (Array.isArray(v)) {
      const arr: unknown[] = [];
      seen.set(v, arr);
      for (const x of v) arr.push(walk(x));
      return arr;
    }
    if (v instanceof Date || v instanceof Map || v instanceof Set || Buffer.isBuffer(v)) return v;
    const obj: Record<string, unknown> = Object.create(
      Object.getPrototypeOf(v) === null ? null : Object.prototype,
    );
    seen.set(v, obj);
    for (const [k, x] of Object.entries(v))
      obj[k] = SECRET_KEY.test(k) && x !== undefined && x !== null && x !== '' ? REDACTED : walk(x);
    return obj;
  };
  return walk(value) as T;
}
