/**
 * The Zabbix webhook media type's JSON body (docs/zabbix-media-type.yaml sends it) → one event. Value 1 is
 * a problem, 0 its recovery; the event id ties the two together, as Zabbix does.
 */
import { z } from 'zod';
import type { WatchEvent } from '../watch/types.ts';
import type { IntakeTarget } from './types.ts';

const s = (n: number) => z.string().max(n);
export const zabbixPayload = z.object({
  event_id: s(64).regex(/^\d+$/),
  /** "1" problem, "0" recovery ({EVENT.VALUE}). */
  event_value: z.enum(['0', '1']),
  host: s(256),
  host_ip: s(64).optional(),
  trigger_name: s(1024),
  severity: s(64).optional(),
  event_time: s(64).optional(),
  message: s(8192).optional(),
  environment: s(64).optional(),
});

const CRITICAL = new Set(['High', 'Disaster']);

export function zabbixEvents(body: unknown, to: IntakeTarget): WatchEvent[] | string {
  const p = zabbixPayload.safeParse(body);
  if (!p.success)
    return `not a cloudops Zabbix payload: ${p.error.issues[0]?.path.join('.') || 'body'}: ${p.error.issues[0]?.message}`;
  const z0 = p.data;
  const env = to.envFor(z0.environment);
  const target = to.match([z0.host, z0.host_ip], env);
  const problem = z0.event_value === '1';
  return [
    {
      env,
      source: 'zabbix',
      subject: `event:${z0.event_id}`,
      state: problem ? 'problem' : 'ok',
      severity: CRITICAL.has(z0.severity ?? '') ? 'critical' : 'warning',
      time: new Date().toISOString(),
      title: `${z0.trigger_name} (${z0.host})`.slice(0, 200),
      detail: (z0.message ?? z0.trigger_name).slice(0, 2000),
      immediate: true,
      ...(target ? { target } : {}),
      ...(to.channel ? { channel: to.channel } : {}),
    },
  ];
}
