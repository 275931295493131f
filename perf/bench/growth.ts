import type pg from 'pg';
import { basicAuth } from '../src/http.js';
import { KEYS } from '../src/server-process.js';
import { type LoadResult, load } from './cannon.js';
import type { BenchConfig } from './config.js';

/** Bulk refunds get ids the benchmark can compute: `g` + 18 hex digits (19 characters, like the server's). */
export const bulkRefundId = (i: number): string => `g${i.toString(16).padStart(18, '0')}`;
const REFUNDS_PER_PAYMENT = 10;
const CHUNK = 200_000;

export interface GrowthPoint {
  refundsInStore: number;
  insertSeconds: number;
  create: LoadResult;
  retrieve: LoadResult;
}

/**
 * Fills the server's tables straight through SQL (generate_series) up to `target` bulk refunds,
 * `REFUNDS_PER_PAYMENT` per bulk payment, copying a real completed session's shape. Returns seconds.
 */
export async function fillTo(db: pg.Pool, from: number, target: number): Promise<number> {
  const started = Date.now();
  const account = (await db.query('select id from accounts limit 1')).rows[0].id as string;
  const like = (await db.query(`select * from payments where state = 'succeeded' limit 1`)).rows[0];
  for (let start = from + 1; start <= target; start += CHUNK) {
    const end = Math.min(target, start + CHUNK - 1);
    const firstPayment = Math.floor(start / REFUNDS_PER_PAYMENT);
    const lastPayment = Math.floor(end / REFUNDS_PER_PAYMENT);
    await db.query(
      `insert into payments (id, account_id, dialect, livemode, state, amount, currency, captured, amount_refunded,
         captured_at, expires_at, data, metadata, notification_url, created_at, updated_at)
       select 'gp' || lpad(to_hex(p), 21, '0'), $1, 'convergegate', false, 'succeeded', 1000, $2, 1000, 1000, $3, null, $4, '{}', null, $3, $3
       from generate_series($5::bigint, $6::bigint) p
       on conflict (id) do nothing`,
      [account, like.currency, like.created_at, JSON.stringify(like.data), firstPayment, lastPayment],
    );
    await db.query(
      `insert into refunds (id, account_id, payment_id, dialect, livemode, amount, currency, status, reason, reason_text,
         metadata, failure_reason, created_at, updated_at)
       select 'g' || lpad(to_hex(i), 18, '0'), $1, 'gp' || lpad(to_hex(i / ${REFUNDS_PER_PAYMENT}), 21, '0'), 'convergegate', false,
         100, $2, 'succeeded', 'requested_by_customer', null, '{}', null, $3, $3
       from generate_series($4::bigint, $5::bigint) i`,
      [account, like.currency, like.created_at, start, end],
    );
  }
  await db.query('analyze payments');
  await db.query('analyze refunds');
  return (Date.now() - started) / 1000;
}

/** Create (on the benchmark's sessions) and retrieve (random bulk refunds across the whole store). */
export async function measureAt(
  config: BenchConfig,
  url: string,
  sessions: string[],
  refundsInStore: number,
  insertSeconds: number,
): Promise<GrowthPoint> {
  const headers = { authorization: basicAuth(KEYS.test), 'content-type': 'application/json' };
  let i = 0;
  const base = {
    url,
    connections: config.growthConnections,
    durationS: config.growthSeconds,
    headers,
    drain: true,
  };
  const create = await load({
    ...base,
    method: 'POST',
    next: () => ({
      path: '/v1/refunds',
      body: JSON.stringify({ session_id: sessions[i++ % sessions.length], amount: 1 }),
    }),
  });
  const retrieve = await load({
    ...base,
    method: 'GET',
    next: () => ({ path: `/v1/refunds/${bulkRefundId(1 + Math.floor(Math.random() * refundsInStore))}` }),
  });
  return { refundsInStore, insertSeconds, create, retrieve };
}
