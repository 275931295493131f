// The embedded database ceiling: the refund transaction pgbench runs (bench/pgbench.ts: lock the
// payment, insert the refund, add to amount_refunded, the refund.created event, the processing job),
// in a loop straight into PGlite in one process, on a data directory the server CLI created and
// filled (its schema, its account, a completed session to copy). No HTTP, no server code, one
// transaction after the other, as PGlite (one session) allows. The statements are PREPAREd once and
// each transaction is one `exec` (one trip into the WASM Postgres), the PGlite counterpart of
// `pgbench -M prepared`: the fastest way its API runs this transaction.
// Run as its own process: RK_DATA_DIR, BENCH_LOOP_S, BENCH_LOOP_WARMUP_S, BENCH_LOOP_PAYMENTS.
// Prints one JSON line: { tps, p50, p99, max, transactions, cpuMs }.
import { PGlite } from '@electric-sql/pglite';
import { summarize } from '../src/stats.js';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const dataDir = env('RK_DATA_DIR');
const seconds = Number(env('BENCH_LOOP_S'));
const warmupSeconds = Number(env('BENCH_LOOP_WARMUP_S'));
const payments = Number(env('BENCH_LOOP_PAYMENTS'));

const INT8 = 20;
const db = new PGlite({ dataDir, parsers: { [INT8]: Number } });
const account = (await db.query<{ id: string }>('select id from accounts limit 1')).rows[0]!.id;
const like = (
  await db.query<{ currency: string; created_at: number; data: unknown }>(
    `select currency, created_at, data from payments where state = 'succeeded' limit 1`,
  )
).rows[0];
if (!like) throw new Error('the loop needs one completed session to copy');
// Payments of its own (ids `pgl<n>`), shaped like the server's completed sessions.
await db.query(
  `insert into payments (id, account_id, dialect, livemode, state, amount, currency, captured, amount_refunded,
     captured_at, expires_at, data, metadata, notification_url, created_at, updated_at)
   select 'pgl' || i, $1, 'convergegate', false, 'succeeded', 1000000000, $2, 1000000000, 0, $3, null, $4, '{}', null, $3, $3
   from generate_series(1, $5::int) i
   on conflict (id) do nothing`,
  [account, like.currency, like.created_at, JSON.stringify(like.data), payments],
);
await db.exec('analyze payments');
await db.exec(`
  prepare lock_payment(text, text) as
    select * from payments where id = $1 and account_id = $2 and livemode = false and dialect = 'convergegate' for update;
  prepare insert_refund(text, text, text, bigint) as
    insert into refunds (id, account_id, payment_id, dialect, livemode, amount, currency, status, reason, reason_text,
      metadata, failure_reason, created_at, updated_at)
    values ($1, $2, $3, 'convergegate', false, 1, 'PLN', 'pending', null, null, '{}', null, $4, $4) returning *;
  prepare hold(text, bigint) as
    update payments set amount_refunded = amount_refunded + 1, updated_at = $2 where id = $1 returning *;
  prepare insert_event(text, text, text, bigint) as
    insert into events (id, account_id, livemode, dialect, type, object_id, payload, created_at)
    values ($1, $2, false, 'convergegate', 'refund.created', $3, repeat('x', 380), $4);
  prepare insert_job(text, bigint, bigint) as
    insert into jobs (kind, ref_id, run_at, created_at) values ('refund.process', $1, $2, $3);
`);

let sequence = 0;
// Ids of the server's lengths from a counter: the literals need no quoting beyond the quotes.
const nextId = (prefix: string, length: number) =>
  `${prefix}${(sequence++).toString(36).padStart(length - prefix.length, '0')}`;

function transaction(): string {
  const payment = `pgl${1 + (sequence % payments)}`;
  const refund = nextId('r', 19);
  const now = Date.now();
  return `begin;
execute lock_payment('${payment}', '${account}');
execute insert_refund('${refund}', '${account}', '${payment}', ${now});
execute hold('${payment}', ${now});
execute insert_event('${nextId('evt_', 28)}', '${account}', '${refund}', ${now});
execute insert_job('${refund}', ${now + 86_400_000}, ${now});
commit;`;
}

async function run(durationS: number): Promise<number[]> {
  const latencies: number[] = [];
  const end = performance.now() + durationS * 1000;
  while (performance.now() < end) {
    const started = performance.now();
    await db.exec(transaction());
    latencies.push(performance.now() - started);
  }
  return latencies;
}

await run(warmupSeconds);
const cpu = process.cpuUsage();
const started = performance.now();
const latencies = await run(seconds);
const elapsed = (performance.now() - started) / 1000;
const used = process.cpuUsage(cpu);
await db.close();
const summary = summarize(latencies);
process.stdout.write(
  `${JSON.stringify({
    tps: latencies.length / elapsed,
    p50: summary.p50,
    p99: summary.p99,
    max: summary.max,
    transactions: latencies.length,
    cpuMs: (used.user + used.system) / 1000 / latencies.length,
  })}\n`,
);
