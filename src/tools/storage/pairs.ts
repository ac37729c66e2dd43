/** Storage pairs of the environment, resolved to inventory hosts; an unknown pair name is a clear error. */
import type { InventoryHost, StoragePair } from '../../config/schema.ts';
import { OpsError } from '../../core/errors.ts';
import type { ToolContext } from '../context.ts';
import { findHost } from '../remote.ts';

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
