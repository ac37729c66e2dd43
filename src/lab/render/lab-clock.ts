/**
 * The lab's notion of "now": an hour after the scenario's latest dated event, so `journalctl --since -24h`
 * finds a scenario's incident whatever day the lab runs on. Also the journal/syslog time formats.
 */
import type { LabWorld } from '../world.ts';

const HOUR = 3_600_000;

export function labNow(world: LabWorld): number {
  const times: number[] = [];
  for (const h of world.hosts) for (const e of h.spec.oom) times.push(Date.parse(e.at));
  for (const v of world.vms) for (const e of v.spec.oom) times.push(Date.parse(e.at));
  for (const p of world.storagePairs)
    for (const f of p.pacemaker?.failedActions ?? []) times.push(Date.parse(f.at));
  const valid = times.filter((t) => Number.isFinite(t));
  return valid.length ? Math.max(...valid) + HOUR : Date.now();
}

/**
 * A journalctl --since value as epoch ms: "-24h"/"-30m"/"-2d" from `now`, or a date/time (UTC unless it has
 * a zone: lab hosts run in UTC). 'invalid' is what journalctl rejects.
 */
export function parseSince(since: string, now: number): number | 'invalid' {
  const rel = /^-(\d{1,4})([hmd])$/.exec(since);
  if (rel) return now - Number(rel[1]) * { m: 60_000, h: HOUR, d: 24 * HOUR }[rel[2] as 'm' | 'h' | 'd'];
  const abs =
    /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?))?(Z|[+-]\d{2}:?\d{2})?$/.exec(since);
  if (!abs) return 'invalid';
  const zone = abs[3] ? abs[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') : 'Z';
  const ms = Date.parse(`${abs[1]}T${abs[2] ?? '00:00:00'}${zone}`);
  return Number.isNaN(ms) ? 'invalid' : ms;
}

/** journalctl -o short-iso timestamp: 2026-11-24T03:12:45+0000. */
export function shortIso(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+0000`;
}

/** ctime-style time as Pacemaker prints it: "Tue Nov 24 19:17:00 2026". */
export function ctime(ms: number): string {
  const d = new Date(ms);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][
    d.getUTCMonth()
  ];
  const dd = String(d.getUTCDate()).padStart(2, ' ');
  return `${day} ${mon} ${dd} ${d.toISOString().slice(11, 19)} ${d.getUTCFullYear()}`;
}
