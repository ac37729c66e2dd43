/**
 * One redaction helper for everything that leaves the process (audit rows, logs, Slack, the model): values
 * under secret-looking keys are replaced, and any known secret found inside a string is masked.
 */
const SECRET_KEY = /(secret|password|passwd|apikey|api_key|token|privatekey|private_key|signature)/i;
const MASK = '[redacted]';
const MAX_DEPTH = 20;

export function redactSecrets<T>(value: T, knownSecrets: Iterable<string | undefined> = []): T {
  // Short values would mask ordinary words; real keys and passwords are longer than this.
  const secrets = [...knownSecrets].filter((s): s is string => typeof s === 'string' && s.length >= 6);
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') {
      let out = v;
      for (const s of secrets) if (out.includes(s)) out = out.split(s).join(MASK);
      return out;
    }
    if (v === null || typeof v !== 'object') return v;
    if (depth > MAX_DEPTH) return MASK;
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>))
      out[k] = SECRET_KEY.test(k) && x !== undefined && x !== null ? MASK : walk(x, depth + 1);
    return out;
  };
  return walk(value, 0) as T;
}
