import type { Db } from '../db/open.js';
import type { Scope } from './context.js';
import { notFound } from './errors.js';

/** Stripe's list parameters: `limit` 1–100 (default 10), and one of `starting_after` / `ending_before`. */
export interface ListQuery {
  limit: number;
  startingAfter?: string | undefined;
  endingBefore?: string | undefined;
}

type Table = 'payments' | 'refunds' | 'customers' | 'webhook_endpoints';

/**
 * Newest first by insertion order. `starting_after` pages towards older objects, `ending_before`
 * towards newer ones (fetched ascending, then reversed so the page still reads newest first).
 */
export async function pageOf<T extends { seq: number }>(
  db: Db,
  table: Table,
  scope: Scope,
  query: ListQuery,
  // biome-ignore lint/suspicious/noExplicitAny: the filters are written against each table's own query builder.
  filter: (q: any) => any,
  cursorId: (id: string) => string,
  cursorName: string,
): Promise<{ data: T[]; has_more: boolean }> {
  // biome-ignore lint/suspicious/noExplicitAny: one query over four tables that share these columns.
  let q: any = db
    .selectFrom(table)
    .selectAll()
    .where('account_id', '=', scope.accountId)
    .where('livemode', '=', scope.livemode);
  q = filter(q);
  const cursor = query.startingAfter ?? query.endingBefore;
  const after = query.startingAfter !== undefined;
  if (cursor !== undefined) {
    // biome-ignore lint/suspicious/noExplicitAny: as above.
    let lookup: any = db
      .selectFrom(table)
      .select('seq')
      .where('id', '=', cursorId(cursor))
      .where('account_id', '=', scope.accountId)
      .where('livemode', '=', scope.livemode);
    // Another dialect's object is no cursor here (customers belong to the Stripe dialect alone).
    if (table !== 'customers') lookup = lookup.where('dialect', '=', scope.dialect);
    const found = (await lookup.executeTakeFirst()) as { seq: number } | undefined;
    if (!found) throw notFound(cursorName, cursor, after ? 'starting_after' : 'ending_before');
    q = q.where('seq', after ? '<' : '>', found.seq);
  }
  const ascending = cursor !== undefined && !after;
  const rows = (await q
    .orderBy('seq', ascending ? 'asc' : 'desc')
    .limit(query.limit + 1)
    .execute()) as T[];
  const data = rows.slice(0, query.limit);
  return { data: ascending ? data.reverse() : data, has_more: rows.length > query.limit };
}
