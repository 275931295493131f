import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import {
  type Api,
  api,
  backends,
  createDatabase,
  type Database,
  LIVE_KEY,
  paidSession,
  sessionInput,
  startServer,
  waitFor,
} from './helpers.js';

let counter = 0;
const newKey = () => `idem-${process.pid}-${Date.now()}-${counter++}`;

describe.each(backends)('Idempotency-Key on $name', (backend) => {
  let server: RunningServer;
  let client: Api;
  let closeBackend: () => Promise<void>;
  let offset = 0;

  beforeAll(async () => {
    const opened = await backend.open();
    closeBackend = opened.close;
    server = await startServer({ ...opened.options, clock: () => Date.now() + offset });
    client = api(server);
  });
  afterAll(async () => {
    await server?.close();
    await closeBackend?.();
  });

  const refundsOf = async (sessionId: string) =>
    (await client.get(`/v1/refunds?session_id=${sessionId}&limit=100`)).body.data as { id: string }[];

  it('replays the stored response for the same key and payload, with Idempotent-Replayed', async () => {
    const paid = await paidSession(client);
    const key = newKey();
    const first = await client.post(
      '/v1/refunds',
      { session_id: paid.id, amount: 100 },
      { idempotencyKey: key },
    );
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const second = await client.post(
      '/v1/refunds',
      { session_id: paid.id, amount: 100 },
      { idempotencyKey: key },
    );
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    // The same content as JSON is the same request.
    const json = await client.post(
      '/v1/refunds',
      { session_id: paid.id, amount: 100 },
      { idempotencyKey: key, json: true },
    );
    expect(json.body.id).toBe(first.body.id);
    expect(await refundsOf(paid.id)).toHaveLength(1);
  });

  it('answers 422 when the key comes back with a different payload, and changes nothing', async () => {
    const paid = await paidSession(client);
    const key = newKey();
    await client.post('/v1/refunds', { session_id: paid.id, amount: 100 }, { idempotencyKey: key });
    const other = await client.post(
      '/v1/refunds',
      { session_id: paid.id, amount: 200 },
      { idempotencyKey: key },
    );
    expect(other.status).toBe(422);
    expect(other.body.error).toMatchObject({ type: 'invalid_request_error', code: 'idempotency_key_reused' });
    const otherPath = await client.post('/v1/checkout/sessions', sessionInput(), { idempotencyKey: key });
    expect(otherPath.status).toBe(422);
    expect(await refundsOf(paid.id)).toHaveLength(1);
  });

  it('stores refusals too: a replay of a 402 is the same 402', async () => {
    const paid = await paidSession(client, { amount: 100 });
    const key = newKey();
    const over = await client.post(
      '/v1/refunds',
      { session_id: paid.id, amount: 500 },
      { idempotencyKey: key },
    );
    expect(over.status).toBe(402);
    const replay = await client.post(
      '/v1/refunds',
      { session_id: paid.id, amount: 500 },
      { idempotencyKey: key },
    );
    expect(replay.status).toBe(402);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(over.body);
  });

  it('scopes keys per mode: the live key may reuse a test key name', async () => {
    const testPaid = await paidSession(client);
    const livePaid = await paidSession(client, {}, LIVE_KEY);
    const key = newKey();
    const a = await client.post(
      '/v1/refunds',
      { session_id: testPaid.id, amount: 1 },
      { idempotencyKey: key },
    );
    const b = await client.post(
      '/v1/refunds',
      { session_id: livePaid.id, amount: 1 },
      { idempotencyKey: key, key: LIVE_KEY },
    );
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.body.livemode).toBe(true);
  });

  it('replays session creation and payment', async () => {
    const key = newKey();
    const first = await client.post('/v1/checkout/sessions', sessionInput(), { idempotencyKey: key });
    const again = await client.post('/v1/checkout/sessions', sessionInput(), { idempotencyKey: key });
    expect(again.body.id).toBe(first.body.id);
    const payKey = newKey();
    const paid = await client.post(
      `/v1/checkout/sessions/${first.body.id}/pay`,
      { blik_code: '123456' },
      { idempotencyKey: payKey },
    );
    const replay = await client.post(
      `/v1/checkout/sessions/${first.body.id}/pay`,
      { blik_code: '123456' },
      { idempotencyKey: payKey },
    );
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(paid.body);
  });

  it('forgets keys after 24 hours', async () => {
    const paid = await paidSession(client);
    const key = newKey();
    await client.post('/v1/refunds', { session_id: paid.id, amount: 100 }, { idempotencyKey: key });
    offset += 24 * 60 * 60 * 1000 + 1000;
    const later = await client.post(
      '/v1/refunds',
      { session_id: paid.id, amount: 200 },
      { idempotencyKey: key },
    );
    expect(later.status).toBe(200);
    expect(later.headers.get('idempotent-replayed')).toBeNull();
    expect(await refundsOf(paid.id)).toHaveLength(2);
  });

  it('refuses an over-long key', async () => {
    const paid = await paidSession(client);
    const refused = await client.post(
      '/v1/refunds',
      { session_id: paid.id, amount: 100 },
      { idempotencyKey: 'k'.repeat(256) },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('idempotency_key_invalid');
  });

  it('50 concurrent requests with one key create one refund', async () => {
    const paid = await paidSession(client);
    const key = newKey();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        client.post('/v1/refunds', { session_id: paid.id, amount: 100 }, { idempotencyKey: key }),
      ),
    );
    const ok = responses.filter((r) => r.status === 200);
    const busy = responses.filter((r) => r.status === 409);
    expect(ok.length + busy.length).toBe(50);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ok.map((r) => r.body.id)).size).toBe(1);
    for (const r of busy) expect(r.body.error.code).toBe('idempotency_key_in_use');
    const refunds = await refundsOf(paid.id);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.id).toBe(ok[0]!.body.id);
    // Once the first is done, the key replays it.
    const after = await client.post(
      '/v1/refunds',
      { session_id: paid.id, amount: 100 },
      { idempotencyKey: key },
    );
    expect(after.body.id).toBe(ok[0]!.body.id);
  });
});

describe('Idempotency-Key while the first request is still running (Postgres)', () => {
  let database: Database;
  let server: RunningServer;
  let client: Api;
  let blocker: pg.Client;

  beforeAll(async () => {
    database = await createDatabase();
    server = await startServer({ databaseUrl: database.url });
    client = api(server);
    blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
  });
  afterAll(async () => {
    await blocker?.end();
    await server?.close();
    await database?.drop();
  });

  it('answers 409 to the same key in flight, then replays the finished response', async () => {
    const paid = await paidSession(client);
    const key = newKey();
    // Hold the session's row lock, so the first request claims its key and then waits inside its transaction.
    await blocker.query('begin');
    await blocker.query('select id from payments where id = $1 for update', [paid.id]);
    const first = client.post('/v1/refunds', { session_id: paid.id, amount: 100 }, { idempotencyKey: key });
    await waitFor(async () => {
      const { rows } = await blocker.query('select state from idempotency_keys where key = $1', [key]);
      return rows[0]?.state === 'running';
    }, 'the key to be claimed');
    const second = await client.post(
      '/v1/refunds',
      { session_id: paid.id, amount: 100 },
      { idempotencyKey: key },
    );
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'idempotency_key_in_use',
    });
    await blocker.query('commit');
    const done = await first;
    expect(done.status).toBe(200);
    const replay = await client.post(
      '/v1/refunds',
      { session_id: paid.id, amount: 100 },
      { idempotencyKey: key },
    );
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(done.body.id);
  });
});
