/** One signed CloudStack API call over HTTP: builds the request, classifies every failure, returns the inner object. */
import { CloudStackError, errorFields, httpError } from './errors.ts';
import { formatExpires, javaUrlEncode, signParams } from './sign.ts';
import type { Params } from './types.ts';

export interface Endpoint {
  url: string;
  apiKey: string;
  secretKey: string;
  timeoutMs: number;
  fetch: typeof fetch;
}

const EXPIRES_MS = 5 * 60_000;

/** Drops undefined and stringifies, so what is signed is exactly what is sent. */
export function toWireParams(params: Params): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined) out[k] = String(v);
  return out;
}

/** The signed parameter string (query or form body). Contains the signature: never log it. */
export function signedQuery(
  ep: Pick<Endpoint, 'apiKey' | 'secretKey'>,
  command: string,
  params: Params,
  now = new Date(),
): string {
  const all: Record<string, string> = {
    ...toWireParams(params),
    command,
    response: 'json',
    apiKey: ep.apiKey,
    signatureVersion: '3',
    expires: formatExpires(new Date(now.getTime() + EXPIRES_MS)),
  };
  const signature = signParams(all, ep.secretKey);
  return [...Object.entries(all), ['signature', signature]]
    .map(([k, v]) => `${javaUrlEncode(k!)}=${javaUrlEncode(v!)}`)
    .join('&');
}

function networkError(ep: Endpoint, command: string, e: unknown): CloudStackError {
  const cause = (e as { cause?: { code?: unknown } }).cause;
  const code = typeof cause?.code === 'string' ? cause.code : 'network error';
  // Only origin: the full URL of a GET carries the signature.
  return new CloudStackError(
    'host_unreachable',
    `cannot reach the CloudStack API at ${new URL(ep.url).host} (${code})`,
    { command },
  );
}

function parseRetryAfter(h: string | null): number | undefined {
  if (!h) return undefined;
  const s = Number(h);
  if (Number.isFinite(s)) return Math.max(0, s);
  const at = Date.parse(h);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - Date.now()) / 1000);
}

export async function callOnce(
  ep: Endpoint,
  command: string,
  params: Params,
  opts: { post: boolean; signal?: AbortSignal },
): Promise<unknown> {
  const timeout = AbortSignal.timeout(ep.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
  const query = signedQuery(ep, command, params);
  let status: number;
  let text: string;
  let retryAfter: string | null;
  try {
    const res = opts.post
      ? await ep.fetch(ep.url, {
          method: 'POST',
          body: query,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          signal,
        })
      : await ep.fetch(`${ep.url}?${query}`, { method: 'GET', signal });
    status = res.status;
    retryAfter = res.headers.get('retry-after');
    text = await res.text();
  } catch (e) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    if (timeout.aborted) {
      // A mutation that timed out may still be carried out by the server: say so rather than invite a blind retry.
      const hint = opts.post ? '; it may still be carried out, check before trying again' : '';
      throw new CloudStackError(
        'timeout',
        `CloudStack did not answer ${command} within ${ep.timeoutMs} ms${hint}`,
        { command },
      );
    }
    throw networkError(ep, command, e);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (status < 200 || status >= 300) throw httpError(command, status, body, parseRetryAfter(retryAfter));
  if (!body || typeof body !== 'object')
    throw new CloudStackError(
      'cloudstack_api',
      `CloudStack ${command} answered HTTP ${status} with a body that is not JSON`,
      { command, httpStatus: status },
    );
  const obj = body as Record<string, unknown>;
  const inner =
    obj[`${command.toLowerCase()}response`] ?? Object.entries(obj).find(([k]) => k.endsWith('response'))?.[1];
  if (errorFields(inner)) throw httpError(command, status, body);
  if (!inner || typeof inner !== 'object')
    throw new CloudStackError(
      'cloudstack_api',
      `CloudStack ${command} answered without a ${command.toLowerCase()}response object`,
      { command, httpStatus: status },
    );
  return inner;
}
