/** Maps what a monitoring system calls a machine (host name, FQDN, IP, `ip:port`, CloudStack instance name) to the inventory. */
import type { EnvironmentConfig } from '../config/schema.ts';

/** The name the runbooks investigate, or undefined when the alert names nothing we know. */
export function matchInventory(names: (string | undefined)[], env: EnvironmentConfig): string | undefined {
  for (const raw of names) {
    if (!raw) continue;
    const n = raw.trim().slice(0, 255);
    // Prometheus `instance` is host:port; an FQDN's first label is the inventory name.
    const bare = n.replace(/:\d{1,5}$/, '');
    const short = bare.split('.', 1)[0] ?? bare;
    for (const h of env.hosts) {
      const hit =
        h.name === bare || h.name === short || h.address === bare || (h.vm !== undefined && h.vm === bare);
      if (hit) return h.role === 'guest' ? (h.vm ?? h.name) : h.name;
    }
    if (/^i-\d{1,10}-\d{1,10}-VM$/.test(bare)) return bare;
  }
  return undefined;
}
