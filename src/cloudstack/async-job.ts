/** Runs an async CloudStack command to its end: submit once, then poll queryAsyncJobResult with backoff to a deadline. */
import { setTimeout as sleep } from 'node:timers/promises';
import { CloudStackError } from './errors.ts';
import type { RequestFn } from './paginate.ts';
import { jobFailureSchema, jobStatusSchema, jobSubmittedSchema, parseResponse } from './schemas.ts';
import type { Params } from './types.ts';

export interface AsyncJobOptions {
  timeoutMs: number;
  /** First poll delay; grows ×1.5 up to maxPollIntervalMs. */
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  signal?: AbortSignal;
}

/** Resolves with the succeeded job's `jobresult` (validated by the caller); every other end is a CloudStackError. */
export async function runAsyncJob(
  request: RequestFn,
  command: string,
  params: Params,
  opts: AsyncJobOptions,
): Promise<unknown> {
  const submitted = parseResponse(
    jobSubmittedSchema,
    await request(command, params, { read: false, signal: opts.signal }),
    command,
  );
  const jobId = submitted.jobid;
  const deadline = Date.now() + opts.timeoutMs;
  let delay = opts.pollIntervalMs;
  for (;;) {
    await sleep(Math.max(0, Math.min(delay, deadline - Date.now())), undefined, { signal: opts.signal });
    const job = parseResponse(
      jobStatusSchema,
      await request('queryAsyncJobResult', { jobid: jobId }, { read: true, signal: opts.signal }),
      'queryAsyncJobResult',
    );
    if (job.jobstatus === 1) return job.jobresult;
    if (job.jobstatus === 2 || job.jobstatus === 3) {
      const parsed = jobFailureSchema.safeParse(job.jobresult ?? {});
      const r = parsed.success ? parsed.data : {};
      const text = r.errortext ?? (job.jobstatus === 3 ? 'cancelled' : 'no error text');
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
