/** The bot's error family: each error knows a short, user-facing message and a stable code. */
export type OpsErrorCode =
  | 'config_invalid'
  | 'invalid_argument'
  | 'unknown_vm'
  | 'unknown_host'
  | 'unknown_environment'
  | 'unknown_tool'
  | 'host_unreachable'
  | 'ssh_auth_failed'
  | 'host_key_mismatch'
  | 'host_key_unpinned'
  | 'timeout'
  | 'cancelled'
  | 'command_failed'
  | 'output_too_large'
  | 'cloudstack_api'
  | 'cloudstack_auth'
  | 'database'
  | 'read_only_violation'
  | 'not_allowed'
  | 'slack_auth'
  /** A bug in the bot or its bundled texts, not something the operator did. */
  | 'internal';

export class OpsError extends Error {
  readonly code: OpsErrorCode;
  /** Safe to show to an operator in Slack or the CLI: no secrets, no stack. */
  readonly userMessage: string;
  constructor(code: OpsErrorCode, userMessage: string, options?: { cause?: unknown }) {
    super(userMessage, options);
    this.name = 'OpsError';
    this.code = code;
    this.userMessage = userMessage;
  }
}

export const isOpsError = (e: unknown): e is OpsError => e instanceof OpsError;

/** The stable code of anything thrown: its own for an OpsError, 'internal' for everything else. */
export const errorCode = (e: unknown): OpsErrorCode => (isOpsError(e) ? e.code : 'internal');

/** Turns anything thrown into a one-line message fit for an operator. */
export function describeError(e: unknown): string {
  if (isOpsError(e)) return e.userMessage;
  if (e instanceof Error) return e.message.split('\n')[0] ?? 'unexpected error';
  return String(e);
}
