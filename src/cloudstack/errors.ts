/** Typed CloudStack failures: what the API said (errorcode/cserrorcode/errortext), never the request's secrets. */
import { OpsError, type OpsErrorCode } from '../core/errors.ts';

export type CloudStackErrorCode = Extract<
  OpsErrorCode,
  'cloudstack_api' | 'cloudstack_auth' | 'timeout' | 'host_unreachable'
>;

export interface CloudStackErrorDetails {
  command: string;
  httpStatus?: number;
  /** ApiErrorCode, e.g. 431 PARAM_ERROR, 530 INTERNAL_ERROR. */
  errorcode?: number;
  /** CSExceptionErrorCode, e.g. 4350 InvalidParameterValueException. */
  cserrorcode?: number;
  errortext?: string;
  jobId?: string;
  /** Seconds, from a 429's Retry-After. */
  retryAfterSec?: number;
}

export class CloudStackError extends OpsError {
  readonly command: string;
  readonly httpStatus?: number;
  readonly errorcode?: number;
  readonly cserrorcode?: number;
  readonly errortext?: string;
  readonly jobId?: string;
  readonly retryAfterSec?: number;
  constructor(code: CloudStackErrorCode, message: string, details: CloudStackErrorDetails) {
    super(code, message);
    this.name = 'CloudStackError';
    this.command = details.command;
    this.httpStatus = details.httpStatus;
    this.errorcode = details.errorcode;
    this.cserrorcode = details.cserrorcode;
    this.errortext = details.errortext;
    this.jobId = details.jobId;
    this.retryAfterSec = details.retryAfterSec;
  }
}

export const isCloudStackError = (e: unknown): e is CloudStackError => e instanceof CloudStackError;

/** The `{errorcode, cserrorcode, errortext}` part of an error body, if the body is one. */
export function errorFields(
  inner: unknown,
): { errorcode: number; cserrorcode?: number; errortext: string } | undefined {
  if (!inner || typeof inner !== 'object') return undefined;
  const o = inner as Record<string, unknown>;
  if (typeof o.errorcode !== 'number' || typeof o.errortext !== 'string') return undefined;
  return {
    errorcode: o.errorcode,
    cserrorcode: typeof o.cserrorcode === 'number' ? o.cserrorcode : undefined,
    errortext: o.errortext,
  };
}

/** Builds the error for a non-2xx answer; 401 is always an auth problem whatever the body says. */
export function httpError(
  command: string,
  status: number,
  body: unknown,
  retryAfterSec?: number,
): CloudStackError {
  if (status === 401)
    return new CloudStackError('cloudstack_auth', 'API key/secret rejected by CloudStack (401)', {
      command,
      httpStatus: status,
      errorcode: 401,
    });
  const inner =
    body && typeof body === 'object' ? Object.values(body as Record<string, unknown>)[0] : undefined;
  const f = errorFields(inner);
  if (f) {
    const cs = f.cserrorcode !== undefined ? `/${f.cserrorcode}` : '';
    return new CloudStackError(
      'cloudstack_api',
      `CloudStack ${command} failed (${f.errorcode}${cs}): ${f.errortext}`,
      { command, httpStatus: status, ...f, retryAfterSec },
    );
  }
  return new CloudStackError(
    'cloudstack_api',
    `CloudStack ${command} failed: HTTP ${status} without a CloudStack error body`,
    { command, httpStatus: status, retryAfterSec },
  );
}
