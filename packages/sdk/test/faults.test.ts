import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  RefundkitAPIError,
  RefundkitConnectionError,
  RefundkitIdempotencyError,
  RefundkitPermissionError,
  RefundkitRateLimitError,
  type ResponseEvent,
} from '../src/index.js';
import { FaultProxy } from './fault-proxy.js';
import { caught, clientFor, paidSession, type RunningServer, testServer } from './helpers.js';

const server: RunningServer = testServer();
let proxy: FaultProxy;

beforeAll(async () => {
  proxy = await new FaultProxy(server.url).start();
});

afterEach(() => proxy.reset());

afterAll(async () => {
  await proxy?.close();
});

/** A client that talks to the server through the proxy. */
function viaProxy(overrides: Parameters<typeof clientFor>[1] = {}) {
  return clientFor({ ...server, url: proxy.url }, overrides);
}

const REFUNDS = '/v1/refunds';

/** Waits for a condition by polling, never for a fixed time. */
async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('faults between the client and the real server', () => {
  it('a create whose response is lost after the server committed is retried with the same key: one refund', async () => {
    const client = viaProxy();
    const session = await paidSession(clientFor(server));
    proxy.plan({ method: 'POST', path: REFUNDS, fault: { kind: 'drop-after-commit' } });

    const refund = await client.refunds.create({ paymentId: session.id, amount: 700 });

    const posts = proxy.hits('POST', REFUNDS);
    expect(posts.map((p) => p.fault)).toEqual(['drop-after-commit', 'pass']);
    expect(posts[0]!.idempotencyKey).toEqual(expect.any(String));
    expect(posts[1]!.idempotencyKey).toBe(posts[0]!.idempotencyKey);
    expect(refund.replayed).toBe(true);
    const onServer = await clientFor(server).refunds.list({ paymentId: session.id });
    expect(onServer.data.map((r) => r.id)).toEqual([refund.id]);
    expect(onServer.data[0]!.amount.amount).toBe(700);
  });

  it('a caller’s key goes out unchanged on every retry', async () => {
    const client = viaProxy();
    const session = await paidSession(clientFor(server));
    const key = `caller-${session.id}`;
    proxy.plan({ method: 'POST', path: REFUNDS, fault: { kind: 'drop-after-commit' } });
    const refund = await client.refunds.create(
      { paymentId: session.id, amount: 50 },
      { idempotencyKey: key },
    );
    expect(proxy.hits('POST', REFUNDS).map((h) => h.idempotencyKey)).toEqual([key, key]);
    expect(refund).toMatchObject({ idempotencyKey: key, replayed: true });
  });

  it('a dropped response with no retries left is a connection error, and the refund exists anyway', async () => {
    const client = viaProxy({ maxRetries: 0 });
    const session = await paidSession(clientFor(server));
    proxy.plan({ method: 'POST', path: REFUNDS, fault: { kind: 'drop-after-commit' } });
    const error = await caught(client.refunds.create({ paymentId: session.id, amount: 300 }));
    expect(error).toBeInstanceOf(RefundkitConnectionError);
    expect(error.code).toBe('network_error');
    expect(error.statusCode).toBeNull();
    expect((await clientFor(server).refunds.list({ paymentId: session.id })).data).toHaveLength(1);
  });

  it('a connection cut before the server saw anything is retried', async () => {
    const client = viaProxy();
    proxy.plan({ method: 'GET', path: '/v1/checkout/sessions', fault: { kind: 'drop-before' }, times: 2 });
    const page = await client.checkoutSessions.list({ limit: 1 });
    expect(page.data.length).toBeLessThanOrEqual(1);
    expect(proxy.hits('GET', '/v1/checkout/sessions').map((h) => h.fault)).toEqual([
      'drop-before',
      'drop-before',
      'pass',
    ]);
  });

  it('500 is retried; with no retries left it is an API error', async () => {
    const events: ResponseEvent[] = [];
    const client = viaProxy({ onResponse: (e) => events.push(e) });
    const session = await paidSession(clientFor(server));
    const body = JSON.stringify({ error: { type: 'api_error', message: 'boom' } });
    proxy.plan({ method: 'POST', path: REFUNDS, fault: { kind: 'respond', status: 500, body } });
    const refund = await client.refunds.create({ paymentId: session.id, amount: 100 });
    expect(refund.replayed).toBe(false);
    expect(events.map((e) => e.statusCode)).toEqual([500, 200]);
    expect(events[0]!.retryInMs).toEqual(expect.any(Number));
    expect(events[0]!.error).toBeInstanceOf(RefundkitAPIError);
    expect(events[1]!.attempt).toBe(1);

    proxy.plan({ method: 'POST', path: REFUNDS, fault: { kind: 'respond', status: 503, body }, times: 3 });
    const error = await caught(client.refunds.create({ paymentId: session.id, amount: 100 }));
    expect(error).toBeInstanceOf(RefundkitAPIError);
    expect(error.statusCode).toBe(503);
    expect(error.message).toBe('boom');
    expect(proxy.hits('POST', REFUNDS).filter((h) => h.fault === 'respond')).toHaveLength(4);
  });

  it('waits between retries with full jitter: random, each within min(maxMs, initialMs × 2^retry)', async () => {
    const events: ResponseEvent[] = [];
    const client = viaProxy({
      maxRetries: 4,
      backoff: { initialMs: 40, maxMs: 100 },
      onResponse: (e) => events.push(e),
    });
    proxy.plan({ method: 'GET', path: '/v1/checkout/sessions', fault: { kind: 'drop-before' }, times: 4 });
    await client.checkoutSessions.list({ limit: 1 });
    const waits = events.map((e) => e.retryInMs);
    expect(waits).toHaveLength(5);
    expect(waits[4]).toBeNull();
    [40, 80, 100, 100].forEach((cap, retry) => {
      expect(waits[retry]).toBeGreaterThanOrEqual(0);
      expect(waits[retry]).toBeLessThanOrEqual(cap);
    });
    // Uniform draws: four equal waits would mean a fixed schedule, not jitter.
    expect(new Set(waits.slice(0, 4)).size).toBeGreaterThan(1);
  });

  it('a 503 with Retry-After waits what the server asks, not the back-off', async () => {
    const events: ResponseEvent[] = [];
    const body = JSON.stringify({ error: { type: 'api_error', message: 'maintenance' } });
    proxy.plan({
      method: 'GET',
      path: '/v1/checkout/sessions',
      fault: { kind: 'respond', status: 503, body, headers: { 'retry-after': '0' } },
    });
    await viaProxy({
      backoff: { initialMs: 5_000, maxMs: 5_000 },
      onResponse: (e) => events.push(e),
    }).checkoutSessions.list();
    expect(events.map((e) => [e.statusCode, e.retryInMs])).toEqual([
      [503, 0],
      [200, null],
    ]);
  });

  it('409 (key in flight) is retried with the same key, then surfaces as an idempotency error', async () => {
    const client = viaProxy();
    const session = await paidSession(clientFor(server));
    const body = JSON.stringify({
      error: { type: 'idempotency_error', code: 'idempotency_key_in_use', message: 'in flight' },
    });
    proxy.plan({ method: 'POST', path: REFUNDS, fault: { kind: 'respond', status: 409, body } });
    const refund = await client.refunds.create({ paymentId: session.id, amount: 100 });
    const keys = proxy.hits('POST', REFUNDS).map((h) => h.idempotencyKey);
    expect(keys).toEqual([refund.idempotencyKey, refund.idempotencyKey]);

    proxy.plan({ method: 'POST', path: REFUNDS, fault: { kind: 'respond', status: 409, body }, times: 1 });
    const error = await caught(
      client.refunds.create({ paymentId: session.id, amount: 100 }, { maxRetries: 0 }),
    );
    expect(error).toBeInstanceOf(RefundkitIdempotencyError);
    expect(error.code).toBe('idempotency_key_in_use');
  });

  it('429 is thrown unless retryOn429, which waits for Retry-After', async () => {
    const body = JSON.stringify({ error: { type: 'rate_limit_error', message: 'slow down' } });
    const fault = { kind: 'respond', status: 429, body, headers: { 'retry-after': '0' } } as const;
    proxy.plan({ method: 'GET', path: '/v1/checkout/sessions', fault });
    const error = await caught(viaProxy().checkoutSessions.list());
    expect(error).toBeInstanceOf(RefundkitRateLimitError);
    expect((error as RefundkitRateLimitError).retryAfterMs).toBe(0);

    const events: ResponseEvent[] = [];
    proxy.plan({
      method: 'GET',
      path: '/v1/checkout/sessions',
      fault: { ...fault, headers: { 'retry-after': '1' } },
    });
    await viaProxy({ retryOn429: true, onResponse: (e) => events.push(e) }).checkoutSessions.list();
    expect(events.map((e) => [e.statusCode, e.retryInMs])).toEqual([
      [429, 1000],
      [200, null],
    ]);

    proxy.plan({
      method: 'GET',
      path: '/v1/checkout/sessions',
      fault: { ...fault, headers: { 'retry-after': '3600' } },
    });
    const tooLong = await caught(viaProxy({ retryOn429: true }).checkoutSessions.list());
    expect(tooLong).toBeInstanceOf(RefundkitRateLimitError);
  });

  it('a slow response times out and the retry is answered from the idempotency store', async () => {
    // Generous: the first attempt must reach the server before the client gives up on it; a retry that
    // arrives while it is still running gets 409 (in flight) and is retried in turn.
    const client = viaProxy({ timeoutMs: 1_500, maxRetries: 5 });
    const session = await paidSession(clientFor(server));
    proxy.plan({ method: 'POST', path: REFUNDS, fault: { kind: 'delay', ms: 10_000 } });
    const refund = await client.refunds.create({ paymentId: session.id, amount: 250 });
    expect(refund.replayed).toBe(true);
    const onServer = await clientFor(server).refunds.list({ paymentId: session.id });
    expect(onServer.data.map((r) => r.id)).toEqual([refund.id]);
    const keys = new Set(proxy.hits('POST', REFUNDS).map((h) => h.idempotencyKey));
    expect(keys).toEqual(new Set([refund.idempotencyKey]));
  });

  it('the timeout covers the body too: headers then a stalled body is a timeout', async () => {
    const client = viaProxy({ timeoutMs: 500, maxRetries: 0 });
    const session = await paidSession(clientFor(server));
    proxy.plan({
      method: 'GET',
      path: `/v1/checkout/sessions/${session.id}`,
      fault: { kind: 'stall-body', ms: 5_000 },
    });
    const error = await caught(client.checkoutSessions.retrieve(session.id));
    expect(error).toBeInstanceOf(RefundkitConnectionError);
    expect(error.code).toBe('timeout');
  });

  it('the caller’s signal cancels a slow call without retrying it', async () => {
    const client = viaProxy();
    const session = await paidSession(clientFor(server));
    proxy.plan({
      method: 'GET',
      path: `/v1/checkout/sessions/${session.id}`,
      fault: { kind: 'delay', ms: 5_000 },
    });
    const controller = new AbortController();
    const call = client.checkoutSessions.retrieve(session.id, { signal: controller.signal });
    await until(() => proxy.hits('GET', `/v1/checkout/sessions/${session.id}`).length === 1);
    controller.abort();
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(proxy.hits('GET', `/v1/checkout/sessions/${session.id}`)).toHaveLength(1);
  });

  it('403 is a permission error (the server has no 403 of its own, so the proxy answers)', async () => {
    const body = JSON.stringify({
      error: { type: 'permission_error', code: 'key_restricted', message: 'This key may not refund.' },
    });
    proxy.plan({
      method: 'POST',
      path: REFUNDS,
      fault: { kind: 'respond', status: 403, body, headers: { 'request-id': 'req_1' } },
    });
    const error = await caught(viaProxy().refunds.create({ paymentId: 'x' }));
    expect(error).toBeInstanceOf(RefundkitPermissionError);
    expect(error).toMatchObject({
      statusCode: 403,
      code: 'key_restricted',
      requestId: 'req_1',
      type: 'permission_error',
    });
  });

  it('a 200 that is not JSON, or not a refund the model can hold, is an API error', async () => {
    proxy.plan({
      method: 'GET',
      path: '/v1/refunds/re_x',
      fault: { kind: 'respond', status: 200, body: '<html>' },
    });
    const error = await caught(viaProxy().refunds.retrieve('re_x'));
    expect(error).toBeInstanceOf(RefundkitAPIError);
    expect(error.code).toBe('invalid_response');

    const odd = JSON.stringify({
      id: 're_x',
      amount: 1,
      currency: 'pln',
      status: 'teleported',
      session_id: 's',
    });
    proxy.plan({
      method: 'GET',
      path: '/v1/refunds/re_x',
      fault: { kind: 'respond', status: 200, body: odd },
    });
    const unreadable = await caught(viaProxy().refunds.retrieve('re_x'));
    expect(unreadable).toBeInstanceOf(RefundkitAPIError);
    expect(unreadable.code).toBe('invalid_response');
    expect(unreadable.raw).toEqual(JSON.parse(odd));

    proxy.plan({ method: 'GET', path: REFUNDS, fault: { kind: 'respond', status: 200, body: '{"data":7}' } });
    const notAList = await caught(viaProxy().refunds.list());
    expect(notAList.code).toBe('invalid_response');
  });
});
