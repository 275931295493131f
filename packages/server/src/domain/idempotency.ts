import { sql, type Transaction } from 'kysely';
import type { Db } from '../db/open.js';
import type { Database } from '../db/schema.js';
import { DomainError } from './errors.js';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A key still `running` after this long belongs to a request whose process died; it may be retried. */
const LEASE_MS = 60_000;

export interface IdempotencyScope {
  accountId: string;
  livemode: boolean;
  key: string;
}

export interface StoredResponse {
  statusCode: number;
  body: string;
}

/**
 * Claims a key for a request. One statement, so concurrent requests with the same key (in any
 * process) race on the primary key and exactly one wins: the winner gets `null` and runs the
 * request; the others get the stored response (a replay) or an error (in flight: 409, another
 * payload: 422). An expired key, or an abandoned one with the same payload, is taken over.
 */
export async function claimKey(
  db: Db,
  scope: IdempotencyScope,
  fingerprint: string,
  now: number,
): Promise<StoredResponse | null> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const claimed = await db
      .insertInto('idempotency_keys')
      .values({
        account_id: scope.accountId,
        livemode: scope.livemode,
        key: scope.key,
        fingerprint,
        state: 'running',
        status_code: null,
        response: null,
        locked_until: now + LEASE_MS,
        created_at: now,
        expires_at: now + IDEMPOTENCY_TTL_MS,
      })
      .onConflict((oc) =>
        oc
          .columns(['account_id', 'livemode', 'key'])
          .doUpdateSet((eb) => ({
            fingerprint: eb.ref('excluded.fingerprint'),
            state: 'running',
            status_code: null,
            response: null,
            locked_until: eb.ref('excluded.locked_until'),
            created_at: eb.ref('excluded.created_at'),
            expires_at: eb.ref('excluded.expires_at'),
          }))
          .where((eb) =>
            eb.or([
              eb('idempotency_keys.expires_at', '<=', now),
              eb.and([
                eb('idempotency_keys.state', '=', 'running'),
                eb('idempotency_keys.locked_until', '<=', now),
                eb('idempotency_keys.fingerprint', '=', sql.ref<string>('excluded.fingerprint')),
              ]),
            ]),
          ),
      )
      .returning('key')
      .executeTakeFirst();
    if (claimed) return null;
    const existing = await db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('account_id', '=', scope.accountId)
      .where('livemode', '=', scope.livemode)
      .where('key', '=', scope.key)
      .executeTakeFirst();
    if (!existing) continue;
    if (existing.fingerprint !== fingerprint) {
      throw new DomainError(
        'unprocessable',
        'idempotency_key_reused',
        'This Idempotency-Key was already used with a different request.',
        'Idempotency-Key',
      );
    }
    if (existing.state === 'running' || existing.response === null || existing.status_code === null) {
      throw new DomainError(
        'conflict',
        'idempotency_key_in_use',
        'A request with this Idempotency-Key is still in progress; retry later.',
        'Idempotency-Key',
      );
    }
    return { statusCode: existing.status_code, body: existing.response };
  }
  throw new DomainError('conflict', 'idempotency_key_in_use', 'The Idempotency-Key is changing; retry.');
}

/** Stores the response for replays; inside the request's own transaction when it wrote anything. */
export async function completeKey(
  db: Db | Transaction<Database>,
  scope: IdempotencyScope,
  response: StoredResponse,
): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ state: 'done', status_code: response.statusCode, response: response.body })
    .where('account_id', '=', scope.accountId)
    .where('livemode', '=', scope.livemode)
    .where('key', '=', scope.key)
    .execute();
}

/** Frees a key after a server error, so the client's retry runs the request again. */
export async function releaseKey(db: Db, scope: IdempotencyScope): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('account_id', '=', scope.accountId)
    .where('livemode', '=', scope.livemode)
    .where('key', '=', scope.key)
    .where('state', '=', 'running')
    .execute();
}

export async function purgeExpiredKeys(db: Db, now: number): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('expires_at', '<=', now).execute();
}
