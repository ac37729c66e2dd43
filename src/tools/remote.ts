/** Runs declared commands on inventory hosts for tools: records evidence, reports progress, fans out in parallel. */
import type { HostRole, InventoryHost } from '../config/schema.ts';
import { describeError, errorCode, OpsError } from '../core/errors.ts';
import type { CommandSpec, ExecResult } from '../ssh/types.ts';
import type { ToolContext } from './context.ts';

export async function runRemote<A>(
  ctx: ToolContext,
  host: InventoryHost,
  cmd: CommandSpec<A>,
  args: A,
): Promise<ExecResult> {
  const t0 = Date.now();
  ctx.progress(`${host.name}: ${cmd.id}`);
  let what = cmd.id;
  try {
    what = cmd.argv(cmd.schema.parse(args)).join(' ');
  } catch {
    // validation errors are reported by the executor itself
  }
  try {
    const r = await ctx.ssh.run(host, cmd, args, { signal: ctx.signal });
    ctx.record({ target: host.name, what, ok: true, durationMs: Date.now() - t0 });
    return r;
  } catch (e) {
    ctx.record({ target: host.name, what, ok: false, durationMs: Date.now() - t0, error: describeError(e) });
    throw e;
  }
}

export type HostOutcome<T> =
  | { host: InventoryHost; ok: true; value: T }
  | { host: InventoryHost; ok: false; error: string; code: string };

/**
 * Runs `fn` for every host at once; the executor's per-host and global limiters bound the real concurrency.
 * `progress` (optional) hears the host count and each host's end, for a terminal's progress line.
 * A failing host becomes an outcome, never an exception, so one dead host cannot hide the others.
 */
export async function fanOut<T>(
  hosts: InventoryHost[],
  fn: (h: InventoryHost) => Promise<T>,
  progress?: ToolContext['hostProgress'],
): Promise<HostOutcome<T>[]> {
  progress?.({ type: 'planned', hosts: hosts.length });
  return Promise.all(
    hosts.map(async (host): Promise<HostOutcome<T>> => {
      try {
        const value = await fn(host);
        progress?.({ type: 'finished', ok: true });
        return { host, ok: true, value };
      } catch (e) {
        progress?.({ type: 'finished', ok: false });
        return {
          host,
          ok: false,
          error: describeError(e),
          code: errorCode(e),
        };
      }
    }),
  );
}

export function hostsByRole(ctx: ToolContext, role: HostRole): InventoryHost[] {
  return ctx.env.hosts.filter((h) => h.role === role);
}

export function findHost(ctx: ToolContext, name: string, role?: HostRole): InventoryHost {
  const h = ctx.env.hosts.find((x) => (x.name === name || x.address === name) && (!role || x.role === role));
  if (!h) {
    const known = ctx.env.hosts.filter((x) => !role || x.role === role).map((x) => x.name);
    throw new OpsError(
      'unknown_host',
      `unknown host "${name}" in ${ctx.env.name}${known.length ? ` (known: ${known.slice(0, 8).join(', ')})` : ''}`,
    );
  }
  return h;
}

/** Runs one CloudStack API call for a tool and records it as evidence, failed or not. */
export async function apiCall<T>(ctx: ToolContext, what: string, fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  try {
    const r = await fn();
    ctx.record({ target: 'cloudstack-api', what, ok: true, durationMs: Date.now() - t0 });
    return r;
  } catch (e) {
    ctx.record({
      target: 'cloudstack-api',
      what,
      ok: false,
      durationMs: Date.now() - t0,
      error: describeError(e),
    });
    throw e;
  }
}
