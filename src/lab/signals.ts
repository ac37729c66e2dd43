/** CloudStack's own alerts and events in the lab, as listAlerts/listEvents serve them; raised by the control surface. */
import { randomUUID } from 'node:crypto';

export interface LabAlert {
  id: string;
  /** CloudStack alert type number (e.g. 7 host, 2 storage, 13 management node, 8 user VM). */
  type: number;
  name: string;
  description: string;
  sent: Date;
}

export interface LabEvent {
  id: string;
  type: string;
  level: 'INFO' | 'WARN' | 'ERROR';
  description: string;
  created: Date;
}

/** As CloudStack prints dates: 2026-11-29T04:12:00+0000. */
export const csDate = (d: Date): string => `${d.toISOString().slice(0, 19)}+0000`;

export class LabSignals {
  readonly alerts: LabAlert[] = [];
  readonly events: LabEvent[] = [];

  raiseAlert(a: { type: number; name?: string; description: string }): LabAlert {
    const alert = {
      id: randomUUID(),
      type: a.type,
      name: a.name ?? `ALERT.${a.type}`,
      description: a.description,
      sent: new Date(),
    };
    this.alerts.push(alert);
    return alert;
  }

  addEvent(e: { type: string; level?: LabEvent['level']; description: string }): LabEvent {
    const event = {
      id: randomUUID(),
      type: e.type,
      level: e.level ?? 'INFO',
      description: e.description,
      created: new Date(),
    };
    this.events.push(event);
    return event;
  }
}
