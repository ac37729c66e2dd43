/**
 * The one component that turns events into posts: it loads the problem's record, decides (decide.ts),
 * stores the decision by compare-and-set — with the announcement in an outbox — and only then posts, so a
 * restart neither repeats an announced state nor loses one that was decided but not yet posted.
 */
import type { Logger } from 'pino';
import type { AuditLog } from '../approvals/types.ts';
import { describeError } from '../core/errors.ts';
import { planFromFinding } from '../runbooks/plan-from-finding.ts';
import { runPlanBlock } from '../slack/blocks/approval-card.ts';
import { diagnosisMessage } from '../slack/blocks/diagnosis.ts';
import { PlanOffers } from '../slack/plan-offers.ts';
import type { StateStore } from '../store/types.ts';
import { decide } from './decide.ts';
import type { Investigator } from './investigator.ts';
import { problemMessage, resolvedMessage, silencedMessage } from './messages.ts';
import { recordKey, WATCH_NS } from './record-key.ts';
import type {
  Announcement,
  OpenThread,
  ProblemRecord,
  Publisher,
  StreamSettings,
  WatchEvent,
} from './types.ts';

export interface EventStreamOptions {
  store: StateStore;
  publisher: Publisher;
  investigator: Investigator;
  settingsFor(env: string): StreamSettings;
  audit?: AuditLog;
  logger: Logger;
  now?: () => Date;
  /** Called after each event is handled (tests wait on it instead of on the clock). */
  onHandled?: (e: WatchEvent, announce: Announcement | undefined) => void;
}

/** An outbox older than this was left by a dead process (or a failed post) and is delivered again. */
const STALE_OUTBOX_MS = 30_000;

export class EventStream {
  private readonly o: EventStreamOptions;
  constructor(o: EventStreamOptions) {
    this.o = o;
  }

  private now(): Date {
    return this.o.now?.() ?? new Date();
  }

  /** Decides and, when there is something to say, posts. Never throws: failures are logged and retried later. */
  async ingest(e: WatchEvent): Promise<Announcement | undefined> {
    const key = recordKey(e);
    const s = this.o.settingsFor(e.env);
    let announce: Announcement | undefined;
    try {
      for (let attempt = 0; attempt < 8; attempt++) {
        const doc = await this.o.store.get<ProblemRecord>(WATCH_NS, key);
        const now = this.now();
        const stale = doc?.value.outbox && now.getTime() - Date.parse(doc.value.outbox.at) > STALE_OUTBOX_MS;
        const d = decide(doc?.value, e, { checks: s.holdChecks, minutes: s.holdMinutes }, now);
        const rev = await this.o.store.put(WATCH_NS, key, d.record, doc?.revision ?? 0);
        if (rev === undefined) continue; // another replica wrote first: decide again on its record
        announce = d.announce;
        if (d.quiet) this.o.logger.info({ key, announce }, 'watch: held back by snooze or mute');
        else if (d.announce || stale) await this.deliver(key, e.env, s);
        break;
      }
    } catch (err) {
      this.o.logger.error({ err: describeError(err), key }, 'watch: event not handled');
    }
    this.o.onHandled?.(e, announce);
    return announce;
  }

  /** Posts what the record's outbox holds, then clears it (compare-and-set), then investigates in the thread. */
  private async deliver(key: string, env: string, s: StreamSettings): Promise<void> {
    const doc = await this.o.store.get<ProblemRecord>(WATCH_NS, key);
    const r = doc?.value;
    if (!doc || !r?.outbox) return;
    const { kind, event } = r.outbox;
    const channel = event.channel ?? r.thread?.channel ?? s.channel;
    if (!channel) {
      this.o.logger.warn({ key, env }, 'watch: no channel configured; announcement dropped');
      return;
    }
    let thread = r.thread;
    if (kind === 'resolved') {
      if (thread)
        await this.o.publisher.post(
          thread.channel,
          resolvedMessage(event, thread.since, s.timeZone, s.lang),
          thread.ts,
        );
      thread = undefined;
    } else if (thread && kind !== 'new') {
      await this.o.publisher.post(thread.channel, problemMessage(event, kind, key, s.lang), thread.ts);
    } else {
      const ts = await this.o.publisher.post(channel, problemMessage(event, 'new', key, s.lang));
      thread = { channel, ts, since: event.time };
    }
    await this.markSent(key, r.outbox.at, thread);
    await this.o.audit
      ?.append({
        actor: `watch:${event.source}`,
        via: 'watch',
        kind: 'watch_announce',
        env,
        target: event.subject.slice(0, 191),
        outcome: kind,
        detail: { title: event.title, state: event.state },
      })
      .catch((err: unknown) => this.o.logger.warn({ err: describeError(err) }, 'audit append failed'));
    if (thread && kind !== 'resolved') await this.investigate(event, thread, s);
  }

  /** Clears the outbox that was posted (only that one: a newer decision keeps its own) and keeps the thread. */
  private async markSent(key: string, outboxAt: string, thread: OpenThread | undefined): Promise<void> {
    for (let attempt = 0; attempt < 8; attempt++) {
      const doc = await this.o.store.get<ProblemRecord>(WATCH_NS, key);
      if (!doc) return;
      const { outbox, thread: _old, ...rest } = doc.value;
      const keep = outbox && outbox.at !== outboxAt ? { outbox } : {};
      const next: ProblemRecord = { ...rest, ...keep, ...(thread ? { thread } : {}) };
      if ((await this.o.store.put(WATCH_NS, key, next, doc.revision)) !== undefined) return;
    }
    this.o.logger.warn({ key }, 'watch: could not record a sent announcement; it may be posted again');
  }

  private async investigate(
    e: WatchEvent,
    thread: { channel: string; ts: string },
    s: StreamSettings,
  ): Promise<void> {
    try {
      const d = await this.o.investigator.investigate(e, s.lang);
      if (!d) return;
      const msg = diagnosisMessage(d, { lang: s.lang });
      // A proposed fix gets the same "Run this plan" as any diagnosis: a click files an approval request.
      const plans = d.findings.map(planFromFinding).filter((p) => p.steps.length);
      if (plans.length && msg.blocks.length < 48) {
        const offers = new PlanOffers(this.o.store);
        const buttons: { id: string; title: string; steps: number }[] = [];
        for (const p of plans.slice(0, 5))
          buttons.push({
            id: await offers.offer({ env: e.env, ...p }),
            title: p.title,
            steps: p.steps.length,
          });
        msg.blocks.push(runPlanBlock(buttons, s.lang));
      }
      await this.o.publisher.post(thread.channel, msg, thread.ts);
    } catch (err) {
      this.o.logger.warn({ err: describeError(err) }, 'watch: investigation failed');
    }
  }

  /** Snooze (until a time) or mute a problem by its key; recorded in the audit and said in its thread. */
  async silence(key: string, user: string, until: Date | undefined): Promise<boolean> {
    for (let attempt = 0; attempt < 8; attempt++) {
      const doc = await this.o.store.get<ProblemRecord>(WATCH_NS, key);
      if (!doc) return false;
      const at = this.now().toISOString();
      const next: ProblemRecord = until
        ? { ...doc.value, snoozedUntil: until.toISOString() }
        : { ...doc.value, muted: { by: user, at } };
      if ((await this.o.store.put(WATCH_NS, key, next, doc.revision)) === undefined) continue;
      await this.o.audit?.append({
        actor: user,
        via: 'slack',
        kind: until ? 'watch_snooze' : 'watch_mute',
        env: doc.value.env,
        target: doc.value.subject.slice(0, 191),
        outcome: 'ok',
        detail: { key, ...(until ? { until: until.toISOString() } : {}) },
      });
      const s = this.o.settingsFor(doc.value.env);
      const t = doc.value.thread;
      if (t)
        await this.o.publisher
          .post(t.channel, silencedMessage(user, until?.toISOString(), s.timeZone, s.lang), t.ts)
          .catch((err: unknown) =>
            this.o.logger.warn({ err: describeError(err) }, 'watch: silence note failed'),
          );
      return true;
    }
    return false;
  }
}
