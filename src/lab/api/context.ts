/** What every lab API handler gets: the world to read and change, and the async job table. */
import type { LabWorld } from '../world.ts';
import type { Args } from './args.ts';
import type { JobTable } from './jobs.ts';

export interface ApiContext {
  world: LabWorld;
  jobs: JobTable;
}

/** Returns the inner object of `<command>response`, or throws an ApiFailure. */
export type Handler = (command: string, args: Args, ctx: ApiContext) => Record<string, unknown>;
