/**
 * What the stream asks when a problem arrives: "what is wrong with this host/VM?". Today the deterministic
 * runbooks answer; the LLM assistant plugs in behind the same interface when one is configured.
 */
import type { OpsService } from '../core/ops-service.ts';
import type { Diagnosis } from '../runbooks/types.ts';
import type { Lang } from '../tools/types.ts';
import type { WatchEvent } from './types.ts';

export interface Investigator {
  /** A read-only investigation of the event's target; undefined when the event names nothing to look at. */
  investigate(event: WatchEvent, lang: Lang): Promise<Diagnosis | undefined>;
}

export function runbookInvestigator(service: Pick<OpsService, 'diagnose'>): Investigator {
  return {
    async investigate(event, lang) {
      if (!event.target || event.state === 'ok') return undefined;
      return service.diagnose(event.target, {
        env: event.env,
        lang,
        actor: { user: `watch:${event.source}`, via: 'watch' },
      });
    },
  };
}
