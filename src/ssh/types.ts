/** Contracts of the SSH layer: declared commands with typed arguments, and the executor that runs them. */
import type { z } from 'zod';
import type { InventoryHost } from '../config/schema.ts';

/**
 * A remote program the bot may run. There is no way to send a free shell string: the executor only
 * accepts a CommandSpec, validates `args` with `schema`, builds an argv with `argv()`, and quotes each
 * element so that no argument can change the command.
 */
export interface CommandSpec<A = unknown> {
  id: string;
  description: string;
  schema: z.ZodType<A>;
  argv(args: A): string[];
  /** Overrides the environment's command timeout. */
  timeoutMs?: number;
  /** Non-zero exit codes that are still a valid answer (e.g. grep's 1 = no match). */
  okExitCodes?: number[];
  /**
   * May be answered by the host's persistent reader session (src/ssh/reader-program.ts) instead of a fresh exec
   * channel. Only for commands without arguments: their argv is then part of a constant remote program.
   */
  persistent?: true;
}

export interface ExecResult {
  host: string;
  argv: string[];
  stdout: string;
  stderr: string;
  exitCode: number;
  durationMs: number;
}

export interface ExecOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface Executor {
  run<A>(host: InventoryHost, cmd: CommandSpec<A>, args: A, opts?: ExecOptions): Promise<ExecResult>;
  /** Closes every pooled connection. */
  close(): Promise<void>;
}
