/** Walks CloudStack's page/pagesize until `count` items are in hand, so callers never see a truncated list. */
import type { z } from 'zod';
import { listPageSchema, parseResponse } from './schemas.ts';
import type { Params } from './types.ts';

export type RequestFn = (
  command: string,
  params: Params,
  opts?: { read?: boolean; signal?: AbortSignal },
) => Promise<unknown>;

export const DEFAULT_PAGE_SIZE = 500;
/** A server that keeps answering full pages past `count` must not loop us forever. */
const MAX_PAGES = 1000;

/** Every item across pages, each validated with `item`; a malformed page is a CloudStackError, never a short list. */
export async function listAll<S extends z.ZodType>(
  request: RequestFn,
  command: string,
  params: Params,
  listKey: string,
  item: S,
  signal?: AbortSignal,
): Promise<z.output<S>[]> {
  const pageSchema = listPageSchema(listKey, item);
  const pageOf = async (page: number, pagesize: Params[string]) => {
    const raw = await request(command, { ...params, page, pagesize }, { read: true, signal });
    const r = parseResponse(pageSchema, raw, command) as Record<string, unknown> & { count?: number };
    return { items: (r[listKey] ?? []) as z.output<S>[], count: r.count };
  };
  // A caller asking for one page gets just that page.
  if (params.page !== undefined)
    return (await pageOf(Number(params.page), params.pagesize ?? DEFAULT_PAGE_SIZE)).items;
  const pagesize = params.pagesize ?? DEFAULT_PAGE_SIZE;
  const all: z.output<S>[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { items, count } = await pageOf(page, pagesize);
    all.push(...items);
    if (items.length === 0 || count === undefined || all.length >= count) break;
  }
  return all;
}
