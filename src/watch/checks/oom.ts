/** OOM kills since the last run on every KVM host: each kill is a one-shot signal; a host not read is "could not check". */
import { tr } from '../../i18n/text.ts';
import type { OomData } from '../../tools/logs/oom-kills.ts';
import { type CheckRunner, event, stateOf } from './context.ts';
import { readCursor, sinceArg, writeCursor } from './cursor.ts';

export const oomCheck: CheckRunner = async (c) => {
  const key = `${c.env.name}|oom`;
  const last = await readCursor(c.store, key);
  const start = c.now.toISOString();
  const hosts = c.env.hosts.filter((h) => h.role === 'kvm' || (h.role === 'guest' && h.vm));
  const events = [];
  for (const h of hosts) {
    const env = await c.runTool('oom_kills', { target: h.name, since: sinceArg(last ?? start) });
    const read = stateOf(env) !== 'unknown' || env.status === 'no_data';
    events.push(
      event(
        c,
        `host:${h.name}`,
        read ? 'ok' : 'unknown',
        read
          ? tr(c.lang, `OOM kills on ${h.name} readable`, `${h.name} の OOM 記録を読めます`)
          : tr(c.lang, `could not read OOM kills on ${h.name}`, `${h.name} の OOM 記録を読めません`),
        env.summary,
      ),
    );
    const kills = (env.data as OomData | null)?.events ?? [];
    for (const k of kills) {
      const when = k.at ?? k.stamp ?? '';
      const victim = h.role === 'guest' ? (h.vm ?? h.name) : h.name;
      events.push(
        event(
          c,
          `kill:${h.name}:${k.victim.pid}:${when}`.slice(0, 150),
          'problem',
          tr(
            c.lang,
            `OOM killer killed ${k.victim.name} (pid ${k.victim.pid}) on ${victim}`,
            `${victim} で OOM killer が ${k.victim.name}（pid ${k.victim.pid}）を強制終了しました`,
          ),
          env.summary,
          { once: true, target: victim },
        ),
      );
    }
  }
  return { events, after: () => writeCursor(c.store, key, start) };
};
