/** Prometheus Alertmanager webhook payload (version 4) → events: one per alert, firing or resolved. */
import { z } from 'zod';
import type { WatchEvent } from '../watch/types.ts';
import type { IntakeTarget } from './types.ts';

const labels = z.record(z.string().max(1024), z.string().max(4096));
export const alertmanagerPayload = z.object({
  version: z.literal('4'),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().max(256).optional(),
  alerts: z
    .array(
      z.object({
        status: z.enum(['firing', 'resolved']),
        labels,
        annotations: labels.default({}),
        startsAt: z.string().max(64),
        endsAt: z.string().max(64).optional(),
        fingerprint: z.string().max(128).optional(),
        generatorURL: z.string().max(2048).optional(),
      }),
    )
    .max(500),
});

export function alertmanagerEvents(body: unknown, to: IntakeTarget): WatchEvent[] | string {
  const p = alertmanagerPayload.safeParse(body);
  if (!p.success)
    return `not an Alertmanager v4 payload: ${p.error.issues[0]?.path.join('.') || 'body'}: ${p.error.issues[0]?.message}`;
  return p.data.alerts.map((a) => {
    const l = new Map(Object.entries(a.labels));
    const ann = new Map(Object.entries(a.annotations));
    const env = to.envFor(l.get('env') ?? l.get('environment'));
    const name = l.get('alertname') ?? 'alert';
    const where = [
      l.get('host'),
      l.get('hostname'),
      l.get('instance'),
      l.get('nodename'),
      l.get('vm'),
      l.get('instance_name'),
    ];
    const target = to.match(where, env);
    const firing = a.status === 'firing';
    const sev = l.get('severity');
    return {
      env,
      source: 'alertmanager',
      subject: (a.fingerprint ?? `${name}:${JSON.stringify([...l].sort())}`).slice(0, 150),
      state: firing ? 'problem' : 'ok',
      severity: sev === 'critical' || sev === 'page' ? 'critical' : 'warning',
      time: (firing ? a.startsAt : (a.endsAt ?? a.startsAt)).slice(0, 40),
      title: `${name}${target ? ` on ${target}` : ''}: ${ann.get('summary') ?? ''}`.slice(0, 200),
      detail: (ann.get('description') ?? ann.get('summary') ?? '').slice(0, 2000),
      immediate: true,
      ...(target ? { target } : {}),
      ...(to.channel ? { channel: to.channel } : {}),
    } satisfies WatchEvent;
  });
}
