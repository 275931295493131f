import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prng, testSeed } from '../../testing/seed.js';
import { convergeGate, paidPayments } from '../src/dialects.js';
import { type Api, type ApiResponse, api } from '../src/http.js';
import { createDatabase, type Database } from '../src/postgres.js';
import { type DroppingProxy, startDroppingProxy } from '../src/proxy.js';
import { KEYS, type ServerProcess, startServer } from '../src/server-process.js';

const CLIENTS = 100;
const KEY_COUNT = 40;
const REQUESTS_PER_CLIENT = 6;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('idempotency storm: 100 clients retrying the same keys, responses dropped', () => {
  let db: Database;
  let server: ServerProcess;
  let proxy: DroppingProxy;
  // Which key each client picks, its pauses and which responses the proxy drops: all from the run's seed.
  const random = prng(testSeed());

  beforeAll(async () => {
    db = await createDatabase('storm');
    server = await startServer({ databaseUrl: db.url, refundDelayMs: 200 });
    proxy = await startDroppingProxy(() => server.url, { dropRate: 0.3, random });
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.stop();
    await db?.drop();
  });

  it('creates exactly one refund per key, and every client is told the same refund', async () => {
    const direct = api(server.url, KEYS.test);
    const payments = await paidPayments(convergeGate, direct, 4, 1_000_000, 4);
    const keys = Array.from({ length: KEY_COUNT }, (_, i) => ({
      key: `storm-${i}-${Date.now()}`,
      paymentId: payments[i % payments.length]!,
      amount: 100 + i,
    }));
    const told = new Map<string, Set<string>>();
    const counts = {
      attempts: 0,
      dropped: 0,
      inFlight409: 0,
      replays: 0,
      created: 0,
      conflicts422: 0,
      other: [] as string[],
    };

    const send = (client: Api, k: (typeof keys)[number], amount = k.amount): Promise<ApiResponse> =>
      convergeGate.createRefund(client, {
        paymentId: k.paymentId,
        amount,
        metadata: { load_key: k.key },
        idempotencyKey: k.key,
      });

    // Each client: pick a key, wait a random moment, send until a definitive answer.
    const clients = Array.from({ length: CLIENTS }, async () => {
      const client = api(proxy.url, KEYS.test);
      for (let r = 0; r < REQUESTS_PER_CLIENT; r++) {
        const k = keys[Math.floor(random() * keys.length)]!;
        await sleep(random() * 40);
        for (let attempt = 0; attempt < 200; attempt++) {
          counts.attempts++;
          let answer: ApiResponse;
          try {
            answer = await send(client, k);
          } catch {
            counts.dropped++;
            await sleep(10 + random() * 90);
            continue;
          }
          if (answer.status === 409) {
            counts.inFlight409++;
            await sleep(10 + random() * 90);
            continue;
          }
          if (answer.status === 200) {
            if (answer.headers.get('idempotent-replayed') === 'true') counts.replays++;
            else counts.created++;
            if (!told.has(k.key)) told.set(k.key, new Set());
            told.get(k.key)!.add(answer.body.id);
          } else {
            counts.other.push(`${answer.status} ${answer.text.slice(0, 200)}`);
          }
          break;
        }
      }
    });
    await Promise.all(clients);

    // The same key with another amount is refused (422) and creates nothing.
    const reused = await send(direct, keys[0]!, keys[0]!.amount + 1);
    if (reused.status === 422) counts.conflicts422++;

    const stored = await db.pool.query(
      `select metadata->>'load_key' as key, array_agg(id) as ids, sum(amount) as amount
       from refunds group by 1`,
    );
    const byKey = new Map(stored.rows.map((r) => [r.key as string, r.ids as string[]]));
    const totals = await db.pool.query(
      `select p.id, p.amount_refunded, coalesce(sum(r.amount), 0) as held
       from payments p left join refunds r on r.payment_id = p.id group by p.id, p.amount_refunded`,
    );
    console.log(
      `[storm] ${CLIENTS} clients, ${keys.length} keys: ${counts.attempts} attempts, ${proxy.stats.dropped} responses dropped ` +
        `of ${proxy.stats.forwarded}, ${counts.inFlight409} × 409 in flight, ${counts.created} created, ${counts.replays} replays, ` +
        `${told.size} keys answered, ${stored.rowCount} keys stored, 422 on a reused key: ${counts.conflicts422}`,
    );

    expect(counts.other).toEqual([]);
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
    // The faults happened: responses were lost after the server had done the work.
    expect(proxy.stats.dropped).toBeGreaterThan(0);
    expect(counts.replays).toBeGreaterThan(0);
    for (const [key, ids] of told) {
      expect(ids.size, `clients told different refunds for ${key}`).toBe(1);
      expect(byKey.get(key), `stored refunds for ${key}`).toEqual([...ids]);
    }
    // One refund per key that was used, none for keys never answered.
    for (const [key, ids] of byKey) {
      expect(ids, `refunds stored under ${key}`).toHaveLength(1);
      expect(told.has(key), `refund stored for ${key} but no client was answered`).toBe(true);
    }
    for (const p of totals.rows) expect(Number(p.amount_refunded)).toBe(Number(p.held));
  });
});
