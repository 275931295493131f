import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Db } from '../db/open.js';
import type { Database } from '../db/schema.js';
import type { Scope, Services } from './context.js';
import { type ListQuery, pageOf } from './pages.js';

/**
 * The endpoints a client registers through a dialect's own webhook API (Stripe's, Checkout's). Each
 * belongs to one account, mode and dialect: the scope's, so one dialect never sees another's.
 */
export interface EndpointRow {
  seq: number;
  id: string;
  url: string;
  secret: string;
  enabled_events: unknown;
  livemode: boolean;
  metadata: unknown;
  created_at: number;
}

export interface NewEndpoint {
  /** The dialect's id prefix: Stripe's `we`, Checkout's `wh`. */
  prefix: string;
  url: string;
  /** Event names in the dialect's own terms, or `*` for all. */
  events: string[];
  metadata: Record<string, string>;
}

const newEndpointSecret = (): string => `whsec_${randomBytes(24).toString('base64url')}`;

/** Registers an endpoint with a fresh signing secret (the row carries it, for the one answer that shows it). */
export async function createEndpoint(
  services: Services,
  trx: Transaction<Database>,
  scope: Scope,
  input: NewEndpoint,
): Promise<EndpointRow> {
  return trx
    .insertInto('webhook_endpoints')
    .values({
      id: `${input.prefix}_${randomBytes(12).toString('base64url')}`,
      account_id: scope.accountId,
      livemode: scope.livemode,
      dialect: scope.dialect,
      url: input.url,
      secret: newEndpointSecret(),
      enabled_events: JSON.stringify(input.events),
      metadata: JSON.stringify(input.metadata),
      created_at: services.now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The scope's endpoints, newest first; `cursorName` names an unknown cursor in the not-found error. */
export const listEndpoints = (
  db: Db,
  scope: Scope,
  query: ListQuery,
  cursorName: string,
): Promise<{ data: EndpointRow[]; has_more: boolean }> =>
  pageOf<EndpointRow>(
    db,
    'webhook_endpoints',
    scope,
    query,
    (q) => q.where('dialect', '=', scope.dialect),
    (c) => c,
    cursorName,
  );

/** Deletes one of the scope's endpoints; its id, or `undefined` when the scope has no such endpoint. */
export async function deleteEndpoint(db: Db, scope: Scope, id: string): Promise<string | undefined> {
  const gone = await db
    .deleteFrom('webhook_endpoints')
    .where('id', '=', id)
    .where('account_id', '=', scope.accountId)
    .where('livemode', '=', scope.livemode)
    .where('dialect', '=', scope.dialect)
    .returning('id')
    .executeTakeFirst();
  return gone?.id;
}
