/**
 * Lookup tables for keys that come from outside (host output, Slack words, YAML, API fields). A plain object
 * literal answers `constructor`, `__proto__` or `toString` from Object.prototype; these tables have no
 * prototype, so only the keys written here exist.
 */

/** A frozen, null-prototype copy of `entries`: `table[key]` is undefined for every key not listed. */
export function lookupTable<V>(entries: Record<string, V>): Readonly<Record<string, V>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, V>, entries));
}

/** An empty, writable null-prototype record, for maps filled from outside keys (e.g. /proc/meminfo fields). */
export const nullRecord = <V>(): Record<string, V> => Object.create(null) as Record<string, V>;
