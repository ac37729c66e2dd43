/**
 * CloudStack's own signals since the last run: every alert, and events above INFO (a VM stopped unexpectedly,
 * HA, errors), each announced once and investigated on the inventory host or VM its text names.
 */
import type { EnvironmentConfig } from '../../config/schema.ts';
import { tr } from '../../i18n/text.ts';
import type { CloudStackSignal, SignalsData } from '../../tools/cloudstack/alerts.ts';
import { type CheckRunner, event, stateOf } from './context.ts';
import { parseCloudStackTime, readCursor, sinceArg, writeCursor } from './cursor.ts';

/** The inventory name (host, guest VM) a signal's text mentions, as a whole word. */
export function mentionedTarget(text: string, env: EnvironmentConfig): string | undefined {
  const words = new Set(text.split(/[^A-Za-z0-9._-]+/).filter(Boolean));
  for (const h of env.hosts) {
    if (words.has(h.name) || (h.address && words.has(h.address)))
      return h.role === 'guest' ? (h.vm ?? h.name) : h.name;
    if (h.vm && words.has(h.vm)) return h.vm;
  }
  // A VM CloudStack names by its instance name (i-2-31-VM) or display name: the runbooks resolve it.
  for (const w of words) if (/^i-\d+-\d+-VM$/.test(w)) return w;
  return undefined;
}

export const cloudstackCheck: CheckRunner = async (c) => {
  const key = `${c.env.name}|cloudstack`;
  const last = await readCursor(c.store, key);
  const start = c.now.toISOString();
  const env = await c.runTool('cloudstack_alerts', { since: sinceArg(last ?? start) });
  const health = stateOf(env) === 'unknown' && env.status === 'error' ? 'unknown' : 'ok';
  const events = [
    event(
      c,
      'api',
      health,
      health === 'ok'
        ? tr(c.lang, 'CloudStack alerts readable', 'CloudStack のアラートを取得できます')
        : tr(
            c.lang,
            'could not read CloudStack alerts and events',
            'CloudStack のアラート・イベントを取得できません',
          ),
      env.summary,
    ),
  ];
  const data = env.data as SignalsData | null;
  const cutoff = Date.parse(last ?? start) - 60_000;
  const fresh = (s: CloudStackSignal) => !(parseCloudStackTime(s.at) < cutoff);
  const signal = (kind: 'alert' | 'event', s: CloudStackSignal) => {
    const target = mentionedTarget(s.description, c.env);
    return event(
      c,
      `${kind}:${s.id}`,
      'problem',
      `${s.type ? `[${s.type}] ` : ''}${s.description}`.slice(0, 200),
      s.description,
      {
        source: `cloudstack:${kind}`,
        once: true,
        severity: kind === 'alert' || s.level === 'ERROR' ? 'critical' : 'warning',
        ...(target ? { target } : {}),
      },
    );
  };
  for (const a of data?.alerts ?? []) if (fresh(a)) events.push(signal('alert', a));
  for (const e of data?.events ?? []) if (e.level !== 'INFO' && fresh(e)) events.push(signal('event', e));
  return { events, after: health === 'ok' ? () => writeCursor(c.store, key, start) : undefined };
};
