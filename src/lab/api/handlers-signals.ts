/** The lab's listAlerts and listEvents, newest first as CloudStack answers; listEvents honours startdate (UTC). */
import { csDate } from '../signals.ts';
import { paged } from './args.ts';
import type { Handler } from './context.ts';

export const listAlerts: Handler = (cmd, a, { world }) => {
  const rows = [...world.signals.alerts]
    .reverse()
    .filter((x) => !a.id || x.id === a.id)
    .map((x) => ({ id: x.id, type: x.type, name: x.name, description: x.description, sent: csDate(x.sent) }));
  return paged(cmd, a, 'alert', rows);
};

/** `yyyy-MM-dd HH:mm:ss` (or a bare date), read as UTC. */
const since = (s: string | undefined): number =>
  s ? Date.parse(`${s.length === 10 ? `${s} 00:00:00` : s}Z`.replace(' ', 'T')) : Number.NEGATIVE_INFINITY;

export const listEvents: Handler = (cmd, a, { world }) => {
  const from = since(a.startdate);
  const rows = [...world.signals.events]
    .reverse()
    .filter(
      (x) =>
        x.created.getTime() >= from && (!a.level || x.level === a.level) && (!a.type || x.type === a.type),
    )
    .map((x) => ({
      id: x.id,
      type: x.type,
      level: x.level,
      description: x.description,
      created: csDate(x.created),
      state: 'Completed',
      username: 'system',
      account: 'system',
      domain: 'ROOT',
    }));
  return paged(cmd, a, 'event', rows);
};
