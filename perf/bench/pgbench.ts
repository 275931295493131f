import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type pg from 'pg';
import { summarize } from '../src/stats.js';
import type { BenchConfig } from './config.js';

const run = promisify(execFile);

// The transaction the server runs for one refund (see packages/server/src/domain/refunds.ts), in
// the server's own tables: lock the payment (whose amount_refunded is the held sum the policy reads
// for ConvergeGate), insert the refund, add to amount_refunded, write the refund.created event
// (outbox) and the processing job. The event payload has the size of the refund event the server
// writes (pgbench reads `:word` in a JSON literal as a variable, so the text is filler).
const LOCK_INSERT_HOLD = `\\set n random(1, :payments)
\\set amount 1
BEGIN;
SELECT * FROM payments WHERE id = 'pgb' || :n AND account_id = :account AND livemode = false AND dialect = 'convergegate' FOR UPDATE;
INSERT INTO refunds (id, account_id, payment_id, dialect, livemode, amount, currency, status, reason, reason_text, metadata, failure_reason, created_at, updated_at)
  VALUES (substr(md5(random()::text || :client_id), 1, 19), :account, 'pgb' || :n, 'convergegate', false, :amount, 'PLN', 'pending', NULL, NULL, '{}', NULL, (extract(epoch from clock_timestamp()) * 1000)::bigint, (extract(epoch from clock_timestamp()) * 1000)::bigint) RETURNING *;
UPDATE payments SET amount_refunded = amount_refunded + :amount, updated_at = (extract(epoch from clock_timestamp()) * 1000)::bigint WHERE id = 'pgb' || :n RETURNING *;
`;
const REFUND = `${LOCK_INSERT_HOLD}INSERT INTO events (id, account_id, livemode, dialect, type, object_id, payload, created_at)
  VALUES ('evt_' || md5(random()::text || :client_id), :account, false, 'convergegate', 'refund.created', 'pgb' || :n, repeat('x', 380), (extract(epoch from clock_timestamp()) * 1000)::bigint);
INSERT INTO jobs (kind, ref_id, run_at, created_at) VALUES ('refund.process', 'pgb' || :n, 9999999999999, 0);
END;
`;

// The least a capped refund needs: lock the payment, insert the refund, add to its held sum. Beside
// the full transaction it shows what the server's other writes (the outbox event, the processing
// job) cost the database.
const MINIMAL = `${LOCK_INSERT_HOLD}END;
`;

export const PGBENCH_SCRIPTS = { refund: REFUND, minimal: MINIMAL };

export interface PgbenchResult {
  tps: number;
  p50: number;
  p99: number;
  transactions: number;
  failed: number;
  clients: number;
  durationS: number;
}

/**
 * The database ceiling: pgbench runs the refund transaction (or the minimal one) at the same
 * concurrency on the same Postgres, in the server's schema, on `payments` payments of its own (ids
 * `pgb<n>`, shared by both scripts).
 */
export async function pgbenchCeiling(
  config: BenchConfig,
  db: { url: string; pool: pg.Pool },
  payments: number,
  script: keyof typeof PGBENCH_SCRIPTS = 'refund',
): Promise<PgbenchResult> {
  const account = (await db.pool.query('select id from accounts limit 1')).rows[0].id as string;
  const like = (await db.pool.query(`select * from payments where state = 'succeeded' limit 1`)).rows[0];
  if (!like) throw new Error('pgbench needs one completed session to copy');
  await db.pool.query(
    `insert into payments (id, account_id, dialect, livemode, state, amount, currency, captured, amount_refunded,
       captured_at, expires_at, data, metadata, notification_url, created_at, updated_at)
     select 'pgb' || i, $1, 'convergegate', false, 'succeeded', 1000000000, $2, 1000000000, 0, $3, null, $4, '{}', null, $3, $3
     from generate_series(1, $5) i
     on conflict (id) do nothing`,
    [account, like.currency, like.created_at, JSON.stringify(like.data), payments],
  );
  await db.pool.query('analyze payments');
  const dir = mkdtempSync(join(tmpdir(), 'rk-pgbench-'));
  try {
    const file = join(dir, `${script}.sql`);
    writeFileSync(file, PGBENCH_SCRIPTS[script]);
    const url = new URL(db.url);
    const args = [
      '-h',
      url.hostname,
      '-p',
      url.port || '5432',
      '-U',
      decodeURIComponent(url.username) || 'postgres',
      '-n',
      '-M',
      'prepared',
      '-c',
      String(config.connections),
      '-j',
      '2',
      '-T',
      String(Math.round(config.createSeconds)),
      '-D',
      `payments=${payments}`,
      '-D',
      `account=${account}`,
      '-f',
      file,
      '--log',
      `--log-prefix=${join(dir, 'log')}`,
      url.pathname.slice(1),
    ];
    // Warm-up (the same script, not logged), then the measured run.
    const warm = args.filter((a) => a !== '--log' && !a.startsWith('--log-prefix'));
    warm[warm.indexOf('-T') + 1] = String(Math.max(1, Math.round(config.warmupSeconds)));
    await run('pgbench', warm, { maxBuffer: 16 << 20 });
    const { stdout } = await run('pgbench', args, { maxBuffer: 16 << 20 });
    const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1]);
    const processed = Number(/number of transactions actually processed: (\d+)/.exec(stdout)?.[1] ?? 0);
    const failed = Number(/number of failed transactions: (\d+)/.exec(stdout)?.[1] ?? 0);
    // Per-transaction log lines: client_id transaction_no time(µs) script_no epoch epoch_us
    const latencies: number[] = [];
    for (const file of readdirSync(dir).filter((f) => f.startsWith('log'))) {
      for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
        const fields = line.split(' ');
        if (fields.length >= 3) latencies.push(Number(fields[2]) / 1000);
      }
    }
    const summary = summarize(latencies);
    return {
      tps,
      p50: summary.p50,
      p99: summary.p99,
      transactions: processed,
      failed,
      clients: config.connections,
      durationS: config.createSeconds,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
