import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { retryDelay } from '../src/workers/delivery.js';
import {
  type Api,
  api,
  backends,
  LIVE_KEY,
  sessionInput,
  startServer,
  TEST_KEY,
  waitFor,
} from './helpers.js';

/** The spec's algorithm, written here independently of the server: HMAC-SHA256(SHA256(secret), ts + body), hex. */
function verify(secret: string, timestamp: string, rawBody: string, signature: string): boolean {
  const key = createHash('sha256').update(secret).digest();
  const expected = Buffer.from(
    createHmac('sha256', key)
      .update(timestamp + rawBody)
      .digest('hex'),
  );
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

interface Received {
  path: string;
  timestamp: string;
  signature: string;
  eventId: string;
  raw: string;
  status: number;
}

/** A loopback receiver that fails the first `failures` attempts of every event on every path, and `/dead` always. */
async function receiver(failures: number) {
  const log: Received[] = [];
  const seen = new Map<string, number>();
  const server: Server = createHttpServer((request, response) => {
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => {
      raw += chunk;
    });
    request.on('end', () => {
      const eventId = (JSON.parse(raw) as { id: string }).id;
      const key = `${request.url} ${eventId}`;
      const count = (seen.get(key) ?? 0) + 1;
      seen.set(key, count);
      const status = request.url === '/dead' || count <= failures ? 500 : 200;
      log.push({
        path: request.url ?? '',
        timestamp: String(request.headers['sec-timestamp']),
        signature: String(request.headers['sec-signature']),
        eventId,
        raw,
        status,
      });
      response.statusCode = status;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    delivered: (path: string) => log.filter((r) => r.path === path && r.status === 200),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const FAILURES = 5;

describe.each(backends)('webhooks on $name', (backend) => {
  let server: RunningServer;
  let client: Api;
  let closeBackend: () => Promise<void>;
  let hooks: Awaited<ReturnType<typeof receiver>>;
  let offset = 0;

  beforeAll(async () => {
    hooks = await receiver(FAILURES);
    const opened = await backend.open();
    closeBackend = opened.close;
    server = await startServer({
      ...opened.options,
      webhookUrl: `${hooks.url}/account`,
      // 3 days become about 26 s (room for slow attempts on a loaded machine); quick retries under 1 ms.
      webhookRetryScale: 0.0001,
      clock: () => Date.now() + offset,
    });
    client = api(server);
  });
  afterAll(async () => {
    await server?.close();
    await closeBackend?.();
    await hooks?.close();
  });

  it('delivers every event to the account endpoint and notification_url despite failures, signed', async () => {
    const notify = `${hooks.url}/session`;
    const session = await client.post(
      '/v1/checkout/sessions',
      sessionInput({ notification_url: notify, amount: 3000 }),
    );
    await client.post(`/v1/checkout/sessions/${session.body.id}/pay`, { blik_code: '123456' });
    const refunds = [];
    for (const outcome of ['succeeded', 'failed', 'requires_action']) {
      const created = await client.post('/v1/refunds', {
        session_id: session.body.id,
        amount: 1000,
        metadata: { sandbox_outcome: outcome },
      });
      refunds.push(created.body.id as string);
    }
    const waitForAll = (types: string[]) =>
      Promise.all(
        ['/account', '/session'].map((path) =>
          waitFor(
            async () => {
              const got = hooks.delivered(path).map((r) => JSON.parse(r.raw));
              const seen = new Set(got.map((e) => `${e.type} ${e.data.object.id}`));
              return types.every((t) => seen.has(t));
            },
            `events at ${path}`,
            60_000,
          ),
        ),
      );
    const first = [
      ['checkout.session.created', session.body.id],
      ['checkout.session.completed', session.body.id],
      ...refunds.map((id) => ['refund.created', id]),
      ['refund.succeeded', refunds[0]],
      ['refund.failed', refunds[1]],
      ['refund.requires_action', refunds[2]],
    ].map(([type, id]) => `${type} ${id}`);
    await waitForAll(first);
    // Expiry is reached by moving the clock, once nothing is waiting for a retry (a jump past the
    // scaled 3-day window would give pending deliveries up).
    const expiring = await client.post(
      '/v1/checkout/sessions',
      sessionInput({ notification_url: notify, expires_at: Math.floor((Date.now() + offset) / 1000) + 60 }),
    );
    await waitForAll([`checkout.session.created ${expiring.body.id}`]);
    offset += 61_000;
    const expected = [
      ...first,
      `checkout.session.created ${expiring.body.id}`,
      `checkout.session.expired ${expiring.body.id}`,
    ];
    await waitForAll(expected);

    for (const path of ['/account', '/session']) {
      const got = await waitFor(
        async () => {
          const done = hooks.delivered(path);
          return done.length >= expected.length && done;
        },
        `all events at ${path}`,
        60_000,
      );
      const events = got.map((r) => JSON.parse(r.raw));
      expect(events.map((e) => `${e.type} ${e.data.object.id}`).sort()).toEqual([...expected].sort());
      // Unique ids, evt_ prefix, one successful delivery per event and endpoint.
      expect(new Set(events.map((e) => e.id)).size).toBe(expected.length);
      for (const event of events) {
        expect(event).toEqual({
          id: expect.stringMatching(/^evt_/),
          type: expect.any(String),
          created_at: expect.any(Number),
          livemode: false,
          data: { object: expect.objectContaining({ id: expect.any(String), livemode: false }) },
        });
      }
      for (const r of hooks.log.filter((x) => x.path === path)) {
        expect(r.timestamp).toMatch(/^\d{10}$/);
        expect(r.signature).toMatch(/^[0-9a-f]{64}$/);
        expect(verify(TEST_KEY, r.timestamp, r.raw, r.signature)).toBe(true);
        expect(verify(LIVE_KEY, r.timestamp, r.raw, r.signature)).toBe(false);
        expect(verify(TEST_KEY, r.timestamp, `${r.raw} `, r.signature)).toBe(false);
      }
      // Each event failed FAILURES times before it got through.
      const attempts = hooks.log.filter((x) => x.path === path && x.eventId === events[0].id);
      expect(attempts.map((a) => a.status)).toEqual([...Array(FAILURES).fill(500), 200]);
    }
    // The payload is the object as it was: the failed refund's event shows it failed.
    const failed = hooks
      .delivered('/account')
      .map((r) => JSON.parse(r.raw))
      .find((e) => e.type === 'refund.failed');
    expect(failed.data.object).toMatchObject({
      id: refunds[1],
      status: 'failed',
      failure_reason: 'sandbox_failure',
    });

    // Every attempt is recorded (the receiver answers before the server writes down its answer).
    const deliveries = await waitFor(async () => {
      const rows = await server.db
        .selectFrom('deliveries')
        .selectAll()
        .where('url', 'in', [`${hooks.url}/account`, notify])
        .execute();
      return rows.every((row) => row.status === 'delivered') && rows;
    }, 'deliveries to be recorded');
    expect(deliveries).toHaveLength(expected.length * 2);
    for (const delivery of deliveries) {
      expect(delivery).toMatchObject({ status: 'delivered', attempts: FAILURES + 1, last_status_code: 200 });
      const recorded = await server.db
        .selectFrom('delivery_attempts')
        .selectAll()
        .where('delivery_id', '=', delivery.id)
        .orderBy('id')
        .execute();
      expect(recorded.map((a) => a.status_code)).toEqual([...Array(FAILURES).fill(500), 200]);
    }
  });

  it('signs live events with the live key', async () => {
    const live = await client.post('/v1/checkout/sessions', sessionInput(), { key: LIVE_KEY });
    const got = await waitFor(
      async () => hooks.delivered('/account').find((r) => JSON.parse(r.raw).data.object.id === live.body.id),
      'the live event',
    );
    expect(JSON.parse(got.raw).livemode).toBe(true);
    expect(verify(LIVE_KEY, got.timestamp, got.raw, got.signature)).toBe(true);
    expect(verify(TEST_KEY, got.timestamp, got.raw, got.signature)).toBe(false);
  });

  it('gives up after the retry window and records every attempt', async () => {
    const session = await client.post(
      '/v1/checkout/sessions',
      sessionInput({ notification_url: `${hooks.url}/dead` }),
    );
    const delivery = await waitFor(
      async () => {
        const row = await server.db
          .selectFrom('deliveries')
          .innerJoin('events', 'events.id', 'deliveries.event_id')
          .selectAll('deliveries')
          .where('events.object_id', '=', session.body.id)
          .where('deliveries.url', '=', `${hooks.url}/dead`)
          .executeTakeFirst();
        return row?.status === 'failed' && row;
      },
      'the delivery to be given up',
      110_000,
    );
    expect(delivery.attempts).toBeGreaterThan(5);
    const recorded = await server.db
      .selectFrom('delivery_attempts')
      .select('status_code')
      .where('delivery_id', '=', delivery.id)
      .execute();
    expect(recorded).toHaveLength(delivery.attempts);
    expect(recorded.every((a) => a.status_code === 500)).toBe(true);
  });
});

describe('retry schedule', () => {
  it('is 4 quick retries, then doubling backoff, ending at 3 days', () => {
    const delays: number[] = [];
    let elapsed = 0;
    for (let attempts = 1; ; attempts++) {
      const delay = retryDelay(attempts, elapsed, 1);
      if (delay === null) break;
      delays.push(delay);
      elapsed += delay;
    }
    expect(delays.slice(0, 4)).toEqual([1_000, 2_000, 5_000, 10_000]);
    expect(delays[4]).toBe(60_000);
    expect(delays[5]).toBe(120_000);
    expect(elapsed).toBe(3 * 24 * 60 * 60 * 1000);
    expect(retryDelay(3, 0, 0.001)).toBe(5);
  });
});
