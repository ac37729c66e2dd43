/** CloudStack's own signals: listAlerts and listEvents (optionally since a time), newest first as the API sends them. */
import { z } from 'zod';
import { OpsError } from '../../core/errors.ts';
import { tr } from '../../i18n/text.ts';
import { apiCall } from '../remote.ts';
import type { ToolDefinition } from '../types.ts';

export interface CloudStackSignal {
  id: string;
  /** Alert type number (as a string) or event type such as VM.STOP. */
  type: string;
  level?: string;
  description: string;
  /** As CloudStack prints it, e.g. 2026-11-29T04:12:00+0000. */
  at: string;
}

export interface SignalsData {
  alerts: CloudStackSignal[];
  events: CloudStackSignal[];
}

// The format is checked in run(): a pattern in the schema would cost every model prompt tokens.
const input = z.object({ since: z.string().max(19).optional() });
const SINCE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

const PAGE = { page: 1, pagesize: 500 };
const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined ? '' : String(v));

// Lenient at the boundary: CloudStack versions add fields; only the list shape is required.
const alertsPage = z.looseObject({ alert: z.array(z.record(z.string(), z.unknown())).optional() });
const eventsPage = z.looseObject({ event: z.array(z.record(z.string(), z.unknown())).optional() });

export const cloudstackAlerts: ToolDefinition<typeof input, SignalsData> = {
  name: 'cloudstack_alerts',
  title: { en: 'CloudStack alerts and events', ja: 'CloudStack のアラートとイベント' },
  description: 'CloudStack alerts and events.',
  input,
  risk: 'read',
  async run({ since }, ctx) {
    if (since !== undefined && !SINCE.test(since))
      throw new OpsError('invalid_argument', `since: a time like 2026-11-29 04:12:00, not "${since}"`);
    const [a, e] = await Promise.all([
      apiCall(ctx, 'listAlerts', () => ctx.api.request('listAlerts', { ...PAGE }, { schema: alertsPage })),
      apiCall(ctx, 'listEvents', () =>
        ctx.api.request(
          'listEvents',
          { ...PAGE, listall: true, ...(since ? { startdate: since } : {}) },
          { schema: eventsPage },
        ),
      ),
    ]);
    const data: SignalsData = {
      alerts: (a.alert ?? []).map((x) => ({
        id: str(x.id),
        type: str(x.type),
        description: str(x.description).slice(0, 2000),
        at: str(x.sent),
      })),
      events: (e.event ?? []).map((x) => ({
        id: str(x.id),
        type: str(x.type),
        level: str(x.level),
        description: str(x.description).slice(0, 2000),
        at: str(x.created),
      })),
    };
    return {
      status: data.alerts.length || data.events.length ? 'ok' : 'no_data',
      severity: data.alerts.length ? 'warning' : 'ok',
      data,
      summary: tr(
        ctx.lang,
        `${data.alerts.length} alerts, ${data.events.length} events`,
        `アラート ${data.alerts.length} 件、イベント ${data.events.length} 件`,
      ),
    };
  },
  table(data, lang) {
    return {
      header: tr(lang, 'kind|id|type|time|description', '種別|ID|タイプ|時刻|説明').split('|'),
      rows: [
        ...data.alerts.map((x) => ['alert', x.id, x.type, x.at, x.description.slice(0, 120)]),
        ...data.events.map((x) => ['event', x.id, x.type, x.at, x.description.slice(0, 120)]),
      ],
    };
  },
};
