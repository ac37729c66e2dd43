/** Storage pairs of the environment, resolved to inventory hosts, and swept on every node at once. */
import { z } from 'zod';
import { hostNameSchema, type InventoryHost, type StoragePair } from '../../config/schema.ts';
import { OpsError } from '../../core/errors.ts';
import type { ToolContext } from '../context.ts';
import { fanOut, findHost, type HostOutcome } from '../remote.ts';

/** The input of every per-pair tool: one pair (or one of its nodes), or all pairs. */
export const pairInput = z.object({
  pair: hostNameSchema.optional().describe('storage pair or node name; all pairs when omitted'),
});

export function selectPairs(
  ctx: ToolContext,
  name?: string,
): { pair: StoragePair; nodes: InventoryHost[] }[] {
  const pairs = ctx.env.storagePairs.filter((p) => !name || p.name === name || p.nodes.includes(name));
  if (name && pairs.length === 0)
    throw new OpsError(
      'unknown_host',
      `no storage pair or node "${name}" in ${ctx.env.name} (pairs: ${ctx.env.storagePairs.map((p) => p.name).join(', ') || 'none'})`,
    );
  return pairs.map((pair) => ({ pair, nodes: pair.nodes.map((n) => findHost(ctx, n)) }));
}

/** Runs `perNode` on every node of every selected pair in parallel; a dead node is an outcome, not an error. */
export function sweepPairs<T>(
  ctx: ToolContext,
  name: string | undefined,
  perNode: (pair: StoragePair, host: InventoryHost) => Promise<T>,
): Promise<{ pair: StoragePair; outcomes: HostOutcome<T>[] }[]> {
  return Promise.all(
    selectPairs(ctx, name).map(async ({ pair, nodes }) => ({
      pair,
      outcomes: await fanOut(nodes, (h) => perNode(pair, h), ctx.hostProgress),
    })),
  );
}
