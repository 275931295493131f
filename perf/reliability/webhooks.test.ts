import { verifyWebhook } from '@refundkit/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prng, testSeed } from '../../testing/seed.js';
import { settle } from '../src/audit.js';
import { convergeGate } from '../src/dialects.js';
import { api, pool } from '../src/http.js';
import { createDatabase, type Database } from '../src/postgres.js';
import { type Delivery, type Fault, type Receiver, startReceiver } from '../src/receiver.js';
import { KEYS, type ServerProcess, startServer } from '../src/server-process.js';

const SESSIONS = 10;
const REFUNDS_PER_SESSION = 3;

describe('webhook faults', () => {
  const seed = testSeed();
  let db: Database;
  let server: ServerProcess;
  let flaky: Receiver;
  let dedup: Receiver;

  beforeAll(async () => {
    const random = prng(seed);
    let hangs = 0;
    // Fails half the time (500 or a reset), hangs twice until the server's timeout, answers slowly often.
    flaky = await startReceiver(
      (): Fault => {
        if (hangs < 2) {
          hangs++;
          return 'hang';
        }
        const r = random();
        if (r < 0.3) return 'fail';
        if (r < 0.5) return 'reset';
        if (r < 0.7) return 'slow';
        return 'ok';
      },
      { random },
    );
    // Processes an event, then fails 40% of the time: the server sends it again; it must count once.
    dedup = await startReceiver((): Fault => (random() < 0.4 ? 'process-then-fail' : 'ok'), { random });
    db = await createDatabase('webhooks');
    server = await startServer({
      databaseUrl: db.url,
      webhookUrl: flaky.url,
      refundDelayMs: 0,
      webhookRetryScale: 0.001,
    });
  });
  afterAll(async () => {
    await server?.stop();
    await flaky?.close();
    await dedup?.close();
    await db?.drop();
  });

  it('delivers every event to a failing, hanging and slow receiver, and a de-duplicating receiver processes each once', async () => {
    const client = api(server.url, KEYS.test);
    const sessions = await pool(Array.from({ length: SESSIONS }), 4, () =>
      convergeGate.paidPayment(client, 10_000, { notificationUrl: dedup.url }),
    );
    await pool(
      sessions.flatMap((id) => Array.from({ length: REFUNDS_PER_SESSION }, () => id)),
      4,
      async (id, i) => {
        const made = await convergeGate.createRefund(client, { paymentId: id, amount: 100 + i });
        expect(made.status).toBe(200);
      },
    );
    await settle(db.pool, { timeoutMs: 240_000 });

    const events = (await db.pool.query('select id, type, payload from events')).rows as {
      id: string;
      type: string;
      payload: string;
    }[];
    const failedDeliveries = Number(
      (await db.pool.query(`select count(*) as n from deliveries where status <> 'delivered'`)).rows[0].n,
    );
    const recordedAttempts = Number(
      (await db.pool.query('select count(*) as n from delivery_attempts')).rows[0].n,
    );
    const refundedInDb = Number(
      (await db.pool.query(`select coalesce(sum(amount), 0) as n from refunds where status = 'succeeded'`))
        .rows[0].n,
    );
    // The de-duplicating receiver's effect: refunded money, counted once per event id.
    const refundedSeen = [...dedup.processed.values()]
      .filter((d) => d.type === 'refund.succeeded')
      .reduce((sum, d) => sum + (JSON.parse(d.body).data?.object?.amount ?? 0), 0);
    console.log(
      `[webhooks seed ${seed}] ${events.length} events; flaky receiver: ${flaky.attempts.length} attempts ` +
        `(${JSON.stringify(flaky.faults)}), ${flaky.acked.size} acknowledged; de-duplicating receiver: ` +
        `${dedup.attempts.length} attempts, ${dedup.processed.size} processed, ${dedup.duplicatesSkipped} duplicates skipped; ` +
        `${recordedAttempts} attempts recorded by the server`,
    );

    expect(events.length).toBe(SESSIONS * 2 + SESSIONS * REFUNDS_PER_SESSION * 2);
    expect(failedDeliveries).toBe(0);
    for (const event of events) {
      expect(flaky.acked.has(event.id), `flaky receiver never acknowledged ${event.type} ${event.id}`).toBe(
        true,
      );
      expect(dedup.processed.has(event.id), `de-duplicating receiver never processed ${event.id}`).toBe(true);
    }
    expect(dedup.processed.size).toBe(events.length);
    expect(refundedSeen).toBe(refundedInDb);
    // The faults really happened, and the server recorded every attempt it made.
    expect(flaky.faults.hang).toBe(2);
    expect(flaky.faults.fail + flaky.faults.reset).toBeGreaterThan(0);
    expect(flaky.faults.slow).toBeGreaterThan(0);
    expect(dedup.duplicatesSkipped).toBeGreaterThan(0);
    expect(recordedAttempts).toBe(flaky.attempts.length + dedup.attempts.length);

    // Every acknowledged delivery is signed for the test key and verifies with the SDK.
    const verify = async (d: Delivery) =>
      verifyWebhook(d.body, d.headers as Record<string, string>, { secretKey: KEYS.test, toleranceSec: 600 });
    for (const d of [...flaky.acked.values(), ...dedup.processed.values()]) await verify(d);
  });
});
