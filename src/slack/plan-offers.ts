/**
 * A diagnosis's proposed plan, kept until someone clicks "Run this plan", so the button carries only an id.
 * Stored in the bot's StateStore when there is one (a click on another replica or after a restart still
 * finds it), else in memory. Claimed with compare-and-set so double clicks create one request.
 */
import { randomBytes } from 'node:crypto';
import type { StateStore } from '../store/types.ts';

export interface PlanOffer {
  env: string;
  title: string;
  steps: { tool: string; input: Record<string, unknown>; label: string }[];
  /** Steps at a time (runbook plans: 1, each VM back before the next stops). */
  concurrency: number;
  expiresAt: string;
  /** Set once a click turned the offer into an approval request. */
  requestId?: string;
  claimed?: boolean;
}

const NS = 'plan_offer';
const DAY_MS = 24 * 60 * 60_000;

/** A StateStore subset kept in memory (tests and the OpsService double have no store). */
function memoryStore(): Pick<StateStore, 'get' | 'put'> {
  const docs = new Map<string, { value: unknown; revision: number; updatedAt: string }>();
  return {
    async get<T>(ns: string, key: string) {
      return docs.get(`${ns}/${key}`) as { value: T; revision: number; updatedAt: string } | undefined;
    },
    async put<T>(ns: string, key: string, value: T, expected: number) {
      const cur = docs.get(`${ns}/${key}`);
      if ((cur?.revision ?? 0) !== expected) return undefined;
      docs.set(`${ns}/${key}`, { value, revision: expected + 1, updatedAt: new Date().toISOString() });
      return expected + 1;
    },
  };
}

export class PlanOffers {
  private readonly store: Pick<StateStore, 'get' | 'put'>;
  private readonly ttlMs: number;

  constructor(store?: StateStore, ttlMs = DAY_MS) {
    this.store = store ?? memoryStore();
    this.ttlMs = ttlMs;
  }

  async offer(o: Omit<PlanOffer, 'expiresAt' | 'requestId' | 'claimed'>): Promise<string> {
    const id = `plan_${randomBytes(9).toString('base64url')}`;
    const value: PlanOffer = { ...o, expiresAt: new Date(Date.now() + this.ttlMs).toISOString() };
    await this.store.put(NS, id, value, 0);
    return id;
  }

  /** Claims an open offer once; `undefined` with a reason when it is gone, expired or already taken. */
  async claim(
    id: string,
  ): Promise<
    | { offer: PlanOffer; release(requestId?: string): Promise<void> }
    | { gone: 'unknown' | 'expired' | 'taken'; requestId?: string }
  > {
    const doc = await this.store.get<PlanOffer>(NS, id);
    if (!doc) return { gone: 'unknown' };
    const offer = doc.value;
    if (offer.requestId || offer.claimed)
      return offer.requestId ? { gone: 'taken', requestId: offer.requestId } : { gone: 'taken' };
    if (Date.parse(offer.expiresAt) < Date.now()) return { gone: 'expired' };
    const rev = await this.store.put(NS, id, { ...offer, claimed: true }, doc.revision);
    if (rev === undefined) return { gone: 'taken' };
    return {
      offer,
      release: async (requestId) => {
        // With a request: remember it. Without (creation failed): open the offer again.
        const next: PlanOffer = requestId ? { ...offer, claimed: true, requestId } : { ...offer };
        await this.store.put(NS, id, next, rev);
      },
    };
  }
}
