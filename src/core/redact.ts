/**
 * Secrets out of everything the model, the logs and Slack see: by key name (password, secretKey, token…) and by
 * value (the configured secrets, PEM private keys, Slack/OpenAI/AWS-style tokens, `key=value` pairs with a
 * secret-ish key, and the values of CloudStack settings that hold secrets). Linear-time matching only.
 */

export const REDACTED = '[REDACTED]';

const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'pass',
  'secret',
  'secretkey',
  'token',
  'apikey',
  'key',
  'privatekey',
  'credential',
  'credentials',
  'signature',
  'authorization',
  'cookie',
]);

/** Words of a dotted/camel/snake name: "ldap.bind.password" → ldap, bind, password; "secretKey" → secret, key, secretkey. */
function words(name: string): string[] {
  const spaced = name.slice(0, 200).replace(/([a-z0-9])([A-Z])/g, '$1 $2');
  const parts = spaced
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const out = [...parts];
  for (let i = 0; i + 1 < parts.length; i++) out.push(`${parts[i]}${parts[i + 1]}`);
  return out;
}

/** A key or setting name whose value is a secret (CloudStack's `ldap.bind.password`, `apiKey`, `x-auth-token`). */
export function isSecretSettingName(name: string): boolean {
  return words(name).some((w) => SECRET_WORDS.has(w) || w === 'private');
}

// Token shapes seen in real output. Each is a fixed prefix plus one bounded character class: no backtracking.
const TOKEN_PATTERNS: RegExp[] = [
  /xox[abposr]-[A-Za-z0-9-]{8,200}/g, // Slack bot/user tokens
  /xapp-[A-Za-z0-9-]{8,200}/g, // Slack app-level tokens
  /sk-[A-Za-z0-9_-]{16,200}/g, // OpenAI-style keys
  /AKIA[0-9A-Z]{16}/g, // AWS access key ids
  /gh[pousr]_[A-Za-z0-9]{20,200}/g, // GitHub tokens
  /Bearer [A-Za-z0-9._~+/=-]{8,500}/g,
];

// `password=…`, `secretkey: …`, `"apikey":"…"`: the key word, a separator, then one run of non-space characters.
const KEY_VALUE =
  /(pass(?:word|wd)?|secret(?:[_-]?key)?|api[_-]?key|token|private[_-]?key|signature)(["']?[ \t]{0,3}[=:][ \t]{0,3}["']?)([^\s"',;&]{1,500})/gi;

function redactPem(text: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const begin = text.indexOf('-----BEGIN ', from);
    if (begin < 0) break;
    const header = text.indexOf('-----', begin + 11);
    const isKey = header > 0 && header - begin < 80 && text.slice(begin, header).includes('PRIVATE KEY');
    if (!isKey) {
      out += text.slice(from, begin + 11);
      from = begin + 11;
      continue;
    }
    const end = text.indexOf('-----END ', header + 5);
    const endClose = end < 0 ? -1 : text.indexOf('-----', end + 9);
    out += `${text.slice(from, begin)}${REDACTED}`;
    from = endClose < 0 ? text.length : endClose + 5;
  }
  return out + text.slice(from);
}

/** Redacts secret values in one string. Known secrets shorter than 6 characters are ignored (too many false hits). */
export function redactText(text: string, knownSecrets: Iterable<string> = []): string {
  let out = redactPem(text);
  for (const s of knownSecrets) if (s && s.length >= 6) out = out.split(s).join(REDACTED);
  for (const p of TOKEN_PATTERNS) out = out.replace(p, REDACTED);
  return out.replace(KEY_VALUE, (_m, k: string, sep: string) => `${k}${sep}${REDACTED}`);
}

/**
 * Returns a deep copy of `value` with secrets redacted: values under secret-named keys, secret values found in
 * strings, and `{name, value}` rows (CloudStack settings) whose name is a secret setting.
 */
export function redactSecrets<T>(value: T, knownSecrets: Iterable<string> = []): T {
  const known = [...knownSecrets];
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return redactText(v, known);
    if (v === null || typeof v !== 'object' || depth > 20) return v;
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    const src = v as Record<string, unknown>;
    const secretRow = typeof src.name === 'string' && isSecretSettingName(src.name);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(src)) {
      const hide =
        (isSecretSettingName(k) && x !== null && typeof x !== 'object') || (secretRow && k === 'value');
      out[k] = hide ? REDACTED : walk(x, depth + 1);
    }
    return out;
  };
  return walk(value, 0) as T;
}
