import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import {
  type Api,
  api,
  backends,
  type CliProcess,
  createDatabase,
  type Database,
  LIVE_KEY,
  paidSession,
  spawnCli,
  startServer,
  TEST_KEY,
  waitFor,
} from './helpers.js';

// 10 000 in refunds of 70: exactly 142 fit (9 940); the other 58 must be refused.
const TOTAL = 10_000;
const EACH = 70;
const REQUESTS = 200;
const FIT = Math.floor(TOTAL / EACH);

function tally(responses: { status: number; body: { error?: { code: string } } }[]) {
  return {
    ok: responses.filter((r) => r.status === 200).length,
    refused: responses.filter((r) => r.status === 402 && r.body.error?.code === 'amount_exceeds_refundable')
      .length,
  };
}

describe.each(backends)('200 concurrent partial refunds on one session ($name)', (backend) => {
  let server: RunningServer;
  let client: Api;
  let closeBackend: () => Promise<void>;

  beforeAll(async () => {
    const opened = await backend.open();
    closeBackend = opened.close;
    server = await startServer({ ...opened.options, poolSize: 16 });
    client = api(server);
  });
  afterAll(async () => {
    await server?.close();
    await closeBackend?.();
  });

  it('lets exactly the ones that fit through; amount_refunded is their sum', async () => {
    const paid = await paidSession(client, { amount: TOTAL });
    const responses = await Promise.all(
      Array.from({ length: REQUESTS }, () =>
        client.post('/v1/refunds', { session_id: paid.id, amount: EACH }),
      ),
    );
    expect(tally(responses)).toEqual({ ok: FIT, refused: REQUESTS - FIT });
    const session = await client.get(`/v1/checkout/sessions/${paid.id}`);
    expect(session.body.amount_refunded).toBe(FIT * EACH);
    const list = await client.get(`/v1/refunds?session_id=${paid.id}&limit=100`);
    const next = await client.get(
      `/v1/refunds?session_id=${paid.id}&limit=100&starting_after=${list.body.data.at(-1).id}`,
    );
    expect(list.body.data.length + next.body.data.length).toBe(FIT);
  });
});

describe('the same race across two server processes sharing Postgres', () => {
  let database: Database;
  const processes: CliProcess[] = [];
  let check: pg.Client;

  beforeAll(async () => {
    database = await createDatabase();
    const args = [
      '--port=0',
      `--database-url=${database.url}`,
      `--test-key=${TEST_KEY}`,
      `--live-key=${LIVE_KEY}`,
      '--refund-delay-ms=0',
      '--quiet',
    ];
    // One after the other, so the second finds the schema migrated (concurrent migration is Kysely's lock's job).
    processes.push(await spawnCli(args));
    processes.push(await spawnCli(args));
    check = new pg.Client({ connectionString: database.url });
    await check.connect();
  });
  afterAll(async () => {
    await check?.end();
    const codes = await Promise.all(processes.map((p) => p.stop()));
    expect(codes).toEqual(processes.map(() => 0));
    await database?.drop();
  });

  it('caps the refunds exactly, and every refund is finished once', async () => {
    const clients = processes.map((p) =>
      api({ url: p.url, keys: { test: TEST_KEY, live: LIVE_KEY } } as RunningServer),
    );
    const paid = await paidSession(clients[0]!, { amount: TOTAL });
    const responses = await Promise.all(
      Array.from({ length: REQUESTS }, (_, i) =>
        clients[i % 2]!.post('/v1/refunds', { session_id: paid.id, amount: EACH }),
      ),
    );
    expect(tally(responses)).toEqual({ ok: FIT, refused: REQUESTS - FIT });
    const session = await clients[1]!.get(`/v1/checkout/sessions/${paid.id}`);
    expect(session.body.amount_refunded).toBe(FIT * EACH);

    // Both processes run the processor: each refund succeeds once, announced by exactly one event.
    await waitFor(async () => {
      const { rows } = await check.query(
        "select count(*)::int as n from refunds where payment_id = $1 and status = 'succeeded'",
        [paid.id],
      );
      return rows[0].n === FIT;
    }, 'all refunds to succeed');
    const { rows } = await check.query(
      `select e.object_id, count(*)::int as n from events e join refunds r on r.id = e.object_id
       where r.payment_id = $1 and e.type = 'refund.succeeded' group by e.object_id`,
      [paid.id],
    );
    expect(rows).toHaveLength(FIT);
    expect(rows.every((row: { n: number }) => row.n === 1)).toBe(true);
    const jobs = await check.query("select count(*)::int as n from jobs where kind = 'refund.process'");
    expect(jobs.rows[0].n).toBe(0);
  });
});
