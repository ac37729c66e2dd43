/**
 * Runs one request (a tool or a diagnosis) and hands every message to its RequestMessages owner: the
 * running line, progress, then the result, or a failure that never blames the tool for a posting problem.
 */
import type { Logger } from 'pino';
import { describeError } from '../core/errors.ts';
import type { RunOptions } from '../core/ops-service.ts';
import type { SlackMessage } from './blocks/message.ts';
import type { RequestMessages } from './request-messages.ts';

export interface WorkResult {
  message: SlackMessage;
  /** Bad input (an unknown VM or host): the answer goes to the requester only. */
  onlyForRequester?: boolean;
}

export interface Work {
  label: string;
  run(opts: RunOptions): Promise<WorkResult>;
}

/** Never throws: a failure ends as a short ephemeral "what to do" and a running line that says it stopped. */
export async function runRequest(
  msgs: RequestMessages,
  work: Work,
  signal: AbortSignal,
  logger: Logger,
): Promise<void> {
  const lang = msgs.lang;
  let out: WorkResult;
  try {
    await msgs.start(work.label);
    out = await work.run({ lang, signal, progress: msgs.note });
  } catch (err) {
    logger.error({ err: describeError(err), work: work.label }, 'slack request failed');
    await msgs.failed(work.label, err, signal.aborted);
    return;
  }
  if (out.onlyForRequester) await msgs.onlyForRequester(out.message);
  else await msgs.result(out.message);
}
