/** CloudStack-shaped API errors for the lab server: HTTP status = errorcode, plus cserrorcode and errortext. */

export class ApiFailure extends Error {
  readonly errorcode: number;
  readonly cserrorcode: number;
  constructor(errorcode: number, cserrorcode: number, errortext: string) {
    super(errortext);
    this.errorcode = errorcode;
    this.cserrorcode = cserrorcode;
  }
}

/** CSExceptionErrorCode values the lab uses. */
export const CS_CLOUD_RUNTIME = 4250;
export const CS_INSUFFICIENT_CAPACITY = 4325;
export const CS_INVALID_PARAMETER = 4350;
export const CS_SERVER_API = 9999;

/** ApiDispatcher's wording; the command name is lower-cased without "response". */
export const missingParam = (command: string, name: string): ApiFailure =>
  new ApiFailure(
    431,
    CS_SERVER_API,
    `Unable to execute API command ${command.toLowerCase()} due to missing parameter ${name}`,
  );

export const invalidParam = (command: string, name: string, value: string): ApiFailure =>
  new ApiFailure(
    431,
    CS_INVALID_PARAMETER,
    `Unable to execute API command ${command.toLowerCase()} due to invalid value. Invalid parameter ${name} value=${value} due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.`,
  );

export const unknownCommand = (): ApiFailure =>
  new ApiFailure(432, CS_SERVER_API, 'The given command does not exist or it is not available for user');

export const internalError = (): ApiFailure =>
  new ApiFailure(
    530,
    CS_SERVER_API,
    'Internal error executing command, please contact your system administrator',
  );

export const authFailure = (): ApiFailure =>
  new ApiFailure(401, CS_SERVER_API, 'unable to verify user credentials and/or request signature');

/** The error body CloudStack serialises (ApiServer.getSerializedApiError / ExceptionResponse). */
export function errorBody(responseKey: string, f: ApiFailure): Record<string, unknown> {
  const inner: Record<string, unknown> = { uuidList: [], errorcode: f.errorcode, errortext: f.message };
  // CloudStack leaves cserrorcode out of its 401 answer.
  if (f.errorcode !== 401) inner.cserrorcode = f.cserrorcode;
  return { [responseKey]: inner };
}
