/** Request parameters as a handler sees them: names lower-cased (CloudStack matches them case-insensitively), plus paging. */
import type { LabCluster, LabHost, LabVm, LabWorld, LabZone } from '../world.ts';
import { invalidParam, missingParam } from './failure.ts';

export type Args = Record<string, string>;

export function lowerArgs(params: Record<string, string>): Args {
  const out: Args = {};
  for (const [k, v] of Object.entries(params)) out[k.toLowerCase()] = v;
  return out;
}

export function required(command: string, args: Args, name: string): string {
  const v = args[name];
  if (v === undefined || v === '') throw missingParam(command, name);
  return v;
}

/** CloudStack's list envelope: `{}` when empty, else `{count, <key>: page}`. */
export function paged(
  command: string,
  args: Args,
  listKey: string,
  items: unknown[],
): Record<string, unknown> {
  const page = args.page ? Number(args.page) : 1;
  const size = args.pagesize ? Number(args.pagesize) : 500;
  if (!Number.isInteger(page) || page < 1) throw invalidParam(command, 'page', args.page ?? '');
  if (!Number.isInteger(size) || size < 1) throw invalidParam(command, 'pagesize', args.pagesize ?? '');
  if (items.length === 0) return {};
  return { count: items.length, [listKey]: items.slice((page - 1) * size, page * size) };
}

/** Case-insensitive substring, as MySQL's LIKE '%x%' under CloudStack's collation. */
export const like = (value: string | undefined, needle: string): boolean =>
  (value ?? '').toLowerCase().includes(needle.toLowerCase());

function byId<T extends { id: string }>(command: string, name: string, list: T[], id: string): T {
  const found = list.find((x) => x.id === id);
  if (!found) throw invalidParam(command, name, id);
  return found;
}
export const zoneArg = (w: LabWorld, cmd: string, id: string): LabZone => byId(cmd, 'zoneid', w.zones, id);
export const clusterArg = (w: LabWorld, cmd: string, id: string): LabCluster =>
  byId(cmd, 'clusterid', w.clusters, id);
export const hostArg = (w: LabWorld, cmd: string, id: string): LabHost => byId(cmd, 'hostid', w.hosts, id);
export const vmArg = (w: LabWorld, cmd: string, id: string): LabVm => byId(cmd, 'id', w.vms, id);
