/** Walks CloudStack's page/pagesize until `count` items are in hand, so callers never see a truncated list. */
import type { Params } from './types.ts';

export type RequestFn = (
  command: string,
  params: Params,
  opts?: { read?: boolean; signal?: AbortSignal },
) => Promise<unknown>;

export const DEFAULT_PAGE_SIZE = 500;
/** A server that keeps answering full pages past `count` must not loop us forever. */
const MAX_PAGES = 1000;

export async function listAll<T>(
  request: RequestFn,
  command: string,
  params: Params,
  listKey: string,
  signal?: AbortSignal,
): Promise<T[]> {
  const pageOf = async (page: number, pagesize: Params[string]) => {
    const r = (await request(command, { ...params, page, pagesize }, { read: true, signal })) as Record<
      string,
      unknown
    >;
    const items = Array.isArray(r[listKey]) ? (r[listKey] as T[]) : [];
    return { items, count: typeof r.count === 'number' ? r.count : undefined };
  };
  // A caller asking for one page gets just that page.
  if (params.page !== undefined)
    return (await pageOf(Number(params.page), params.pagesize ?? DEFAULT_PAGE_SIZE)).items;
  const pagesize = params.pagesize ?? DEFAULT_PAGE_SIZE;
  const all: T[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { items, count } = await pageOf(page, pagesize);
    all.push(...items);
    if (items.length === 0 || count === undefined || all.length >= count) break;
  }
  return all;
}
