/** Runs an async CloudStack command to its end: submit once, then poll queryAsyncJobResult with backoff to a deadline. */
import { setTimeout as sleep } from 'node:timers/promises';
import { CloudStackError } from './errors.ts';
import type { RequestFn } from './paginate.ts';
import type { AsyncJobResult, Params } from './types.ts';

export interface AsyncJobOptions {
  timeoutMs: number;
  /** First poll delay; grows ×1.5 up to maxPollIntervalMs. */
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  signal?: AbortSignal;
}

export async function runAsyncJob<T>(
  request: RequestFn,
  command: string,
  params: Params,
  opts: AsyncJobOptions,
): Promise<T> {
  const submitted = (await request(command, params, { read: false, signal: opts.signal })) as {
    jobid?: unknown;
  };
  if (typeof submitted.jobid !== 'string' && typeof submitted.jobid !== 'number')
    throw new CloudStackError('cloudstack_api', `CloudStack ${command} returned no job id`, { command });
  const jobId = String(submitted.jobid);
  const deadline = Date.now() + opts.timeoutMs;
  let delay = opts.pollIntervalMs;
  for (;;) {
    await sleep(Math.max(0, Math.min(delay, deadline - Date.now())), undefined, { signal: opts.signal });
    const job = (await request(
      'queryAsyncJobResult',
      { jobid: jobId },
      { read: true, signal: opts.signal },
    )) as AsyncJobResult<unknown>;
    if (job.jobstatus === 1) return job.jobresult as T;
    if (job.jobstatus === 2) {
      const r = (job.jobresult ?? {}) as { errorcode?: number; cserrorcode?: number; errortext?: string };
      const text = r.errortext ?? 'no error text';
      const code = r.errorcode ? ` (${r.errorcode})` : '';
      throw new CloudStackError(
        'cloudstack_api',
        `CloudStack job ${jobId} (${command}) failed${code}: ${text}`,
        {
          command,
          jobId,
          errorcode: r.errorcode,
          cserrorcode: r.cserrorcode,
          errortext: r.errortext,
        },
      );
    }
    if (Date.now() >= deadline)
      throw new CloudStackError(
        'timeout',
        `CloudStack job ${jobId} (${command}) still running after ${Math.round(opts.timeoutMs / 1000)} s; check it with queryAsyncJobResult jobid=${jobId}`,
        { command, jobId },
      );
    delay = Math.min(delay * 1.5, opts.maxPollIntervalMs);
  }
}
