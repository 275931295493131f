import type pg from 'pg';

/** Every table that holds the state a request can change (idempotency keys store refusals by design). */
const TABLES = [
  'accounts',
  'api_keys',
  'payments',
  'refunds',
  'events',
  'deliveries',
  'delivery_attempts',
  'jobs',
  // The Stripe-compatible and Checkout dialects' own objects and webhook fan-out.
  'customers',
  'webhook_endpoints',
  'refund_details',
  'event_fanouts',
  'endpoint_deliveries',
];

/** A digest of every row of every state table: equal digests, unchanged state. */
export async function snapshot(db: pg.Pool): Promise<Record<string, string>> {
  const columns = TABLES.map(
    (t) =>
      `(select count(*) || ':' || md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from ${t} t) as ${t}`,
  );
  const { rows } = await db.query(`select ${columns.join(', ')}`);
  return rows[0] as Record<string, string>;
}
