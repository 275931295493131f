import { describe, expect, it } from 'vitest';
import {
  createCheckoutClient,
  createClient,
  createConvergeGateClient,
  createStripeClient,
  RefundkitAuthenticationError,
  type RefundkitError,
  RefundkitIdempotencyError,
  RefundkitInvalidRequestError,
  RefundkitWaitTimeoutError,
  type RequestEvent,
  type ResponseEvent,
} from '../src/index.js';
import { caught, clientFor, paidSession, type RunningServer, testServer } from './helpers.js';

const server: RunningServer = testServer();

describe('checkoutSessions', () => {
  it('create, retrieve, pay and list', async () => {
    const client = clientFor(server);
    const session = await client.checkoutSessions.create({
      amount: 2_500,
      currency: 'PLN',
      customer_email: 'anna@example.com',
      customer_firstname: 'Anna',
      customer_lastname: 'Nowak',
      success_url: 'https://shop.example/ok',
      cancel_url: 'https://shop.example/cancel',
      metadata: { cart: 'c-1' },
    });
    expect(session.id).toEqual(expect.any(String));
    expect(session.status).toBe('open');
    expect(session.amount_total).toBe(2_500);
    expect(session.currency).toBe('pln');
    expect(session.metadata).toEqual({ cart: 'c-1' });
    expect(session.livemode).toBe(false);
    expect(session.lastResponse?.idempotencyKey).toEqual(expect.any(String));
    expect(JSON.parse(JSON.stringify(session))).not.toHaveProperty('lastResponse');

    const again = await client.checkoutSessions.retrieve(session.id);
    expect(again.id).toBe(session.id);
    expect(again.lastResponse?.idempotencyKey).toBeNull();

    const paid = await client.checkoutSessions.pay(session.id, { blik_code: '123456' });
    expect(paid.status).toBe('completed');

    const page = await client.checkoutSessions.list({ limit: 1 });
    expect(page.data).toHaveLength(1);
    const ids: string[] = [];
    for await (const s of page) ids.push(s.id);
    expect(ids).toContain(session.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a BLIK code that never confirms leaves the session open; 000000 is declined', async () => {
    const client = clientFor(server);
    const base = {
      amount: 100,
      currency: 'pln',
      customer_email: 'x@example.com',
      customer_firstname: 'X',
      customer_lastname: 'Y',
      success_url: 'https://shop.example/ok',
    };
    const waiting = await client.checkoutSessions.create(base);
    expect((await client.checkoutSessions.pay(waiting.id, { blik_code: '111111' })).status).toBe('open');
    const declined = await client.checkoutSessions.create(base);
    const error = await caught(client.checkoutSessions.pay(declined.id, { blik_code: '000000' }));
    expect(error).toBeInstanceOf(RefundkitInvalidRequestError);
    expect(error.statusCode).toBe(402);
  });
});

describe('refunds', () => {
  it('create maps canonical to wire and back; retrieve and list return the canonical refund', async () => {
    const events: ResponseEvent[] = [];
    const requests: RequestEvent[] = [];
    const client = clientFor(server, {
      onRequest: (e) => requests.push(e),
      onResponse: (e) => events.push(e),
    });
    const session = await paidSession(client, 10_000);

    const refund = await client.refunds.create({
      paymentId: session.id,
      amount: 1_234,
      reason: 'duplicate',
      metadata: { ticket: 'T-1' },
    });
    expect(refund).toMatchObject({
      dialect: 'convergegate',
      paymentId: session.id,
      amount: { amount: 1_234, currency: 'PLN' },
      reason: 'duplicate',
      metadata: { ticket: 'T-1' },
      livemode: false,
      replayed: false,
    });
    expect(refund.raw.reason).toBe('duplicated');
    expect(refund.raw.amount).toBe(1_234);
    expect(['pending', 'succeeded']).toContain(refund.status);
    const post = requests.find((r) => r.method === 'POST' && r.path === '/v1/refunds')!;
    expect(post.idempotencyKey).toBe(refund.idempotencyKey);
    expect(events.at(-1)?.statusCode).toBe(200);

    const fetched = await client.refunds.retrieve(refund.id);
    expect(fetched.id).toBe(refund.id);
    expect(fetched.idempotencyKey).toBeNull();

    // Omitted amount: everything still refundable.
    const rest = await client.refunds.create({ paymentId: session.id });
    expect(rest.amount.amount).toBe(10_000 - 1_234);

    const page = await client.refunds.list({ paymentId: session.id });
    expect(page.data.map((r) => r.id).sort()).toEqual([refund.id, rest.id].sort());
    expect(page.hasMore).toBe(false);
  });

  it('goes out through the given fetch with the user agent, extra headers, auth and a key on writes only', async () => {
    const sent: { method: string; headers: Record<string, string> }[] = [];
    const client = clientFor(server, {
      userAgent: 'shop-backend/2.1',
      headers: { 'X-Trace-Id': 'trace-1' },
      fetch: (input, init) => {
        sent.push({
          method: String(init?.method),
          headers: { ...(init?.headers as Record<string, string>) },
        });
        return fetch(input, init);
      },
    });
    const session = await paidSession(client);
    await client.refunds.retrieve((await client.refunds.create({ paymentId: session.id, amount: 10 })).id);
    const [post, get] = sent.slice(-2);
    expect(post).toMatchObject({
      method: 'POST',
      headers: {
        'User-Agent': 'shop-backend/2.1',
        'X-Trace-Id': 'trace-1',
        Authorization: `Basic ${btoa(`${server.keys.test}:`)}`,
        'Content-Type': 'application/x-www-form-urlencoded',
        'Idempotency-Key': expect.any(String),
      },
    });
    expect(get?.method).toBe('GET');
    expect(get?.headers).not.toHaveProperty('Idempotency-Key');
    expect(get?.headers).toMatchObject({ 'User-Agent': 'shop-backend/2.1', Accept: 'application/json' });
  });

  it('a caller key is sent as is and a repeat is answered from the store', async () => {
    const client = clientFor(server);
    const session = await paidSession(client);
    const key = `order-42-refund-${session.id}`;
    const first = await client.refunds.create(
      { paymentId: session.id, amount: 500 },
      { idempotencyKey: key },
    );
    const second = await client.refunds.create(
      { paymentId: session.id, amount: 500 },
      { idempotencyKey: key },
    );
    expect(first.idempotencyKey).toBe(key);
    expect(second.id).toBe(first.id);
    expect(second.replayed).toBe(true);
    expect(first.replayed).toBe(false);
    expect((await client.refunds.list({ paymentId: session.id })).data).toHaveLength(1);
  });

  it('waitFor reaches each outcome the sandbox can produce', async () => {
    const client = clientFor(server);
    const session = await paidSession(client, 9_000);
    const outcome = (sandbox_outcome: string) =>
      client.refunds.create({ paymentId: session.id, amount: 1_000, metadata: { sandbox_outcome } });

    const ok = await client.refunds.waitFor((await outcome('succeeded')).id, { intervalMs: 20 });
    expect(ok.status).toBe('succeeded');
    const failed = await client.refunds.waitFor((await outcome('failed')).id, { intervalMs: 20 });
    expect(failed.status).toBe('failed');
    expect(failed.failureReason).toEqual(expect.any(String));
    const action = await client.refunds.waitFor((await outcome('requires_action')).id, {
      until: 'requires_action',
      intervalMs: 20,
    });
    expect(action.status).toBe('requires_action');
  });

  it('waitFor gives up with a typed error when the refund does not get there in time', async () => {
    const client = clientFor(server);
    const session = await paidSession(client);
    const refund = await client.refunds.create({
      paymentId: session.id,
      amount: 100,
      metadata: { sandbox_outcome: 'requires_action' },
    });
    const error = await caught(client.refunds.waitFor(refund.id, { timeoutMs: 300, intervalMs: 20 }));
    expect(error).toBeInstanceOf(RefundkitWaitTimeoutError);
    expect(error.code).toBe('wait_timeout');
  });

  it('waitFor stops when the caller aborts', async () => {
    const client = clientFor(server);
    const session = await paidSession(client);
    const refund = await client.refunds.create({
      paymentId: session.id,
      amount: 100,
      metadata: { sandbox_outcome: 'requires_action' },
    });
    const controller = new AbortController();
    const waiting = client.refunds.waitFor(refund.id, { signal: controller.signal, intervalMs: 20 });
    controller.abort(new Error('user left'));
    await expect(waiting).rejects.toThrow('user left');
  });
});

describe('errors', () => {
  it('a wrong key is an authentication error', async () => {
    const client = clientFor(server, { secretKey: 'sk_test_not_a_real_key' });
    const error = await caught(client.checkoutSessions.list());
    expect(error).toBeInstanceOf(RefundkitAuthenticationError);
    expect(error.statusCode).toBe(401);
    expect(error.type).toBe('authentication_error');
  });

  it('a test key does not see live objects (they do not exist for it)', async () => {
    const live = clientFor(server, { secretKey: server.keys.live });
    const session = await paidSession(live);
    expect(session.livemode).toBe(true);
    const error = await caught(clientFor(server).checkoutSessions.retrieve(session.id));
    expect(error).toBeInstanceOf(RefundkitInvalidRequestError);
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('resource_missing');
  });

  it('an unknown object is an invalid request with the code and the request id', async () => {
    const error = await caught(clientFor(server).refunds.retrieve('re_missing'));
    expect(error).toBeInstanceOf(RefundkitInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 404, code: 'resource_missing', type: 'invalid_request_error' });
    expect(error.requestId).toMatch(/^req_/);
    expect(error.raw).toHaveProperty('error');
  });

  it('an over-refund is refused locally with the same code the server sends', async () => {
    const sent: RequestEvent[] = [];
    const client = clientFor(server, { onRequest: (e) => sent.push(e) });
    const session = await paidSession(client, 1_000);
    const first = await client.refunds.create({ paymentId: session.id, amount: 600 });

    const remote = await caught(client.refunds.create({ paymentId: session.id, amount: 500 }));
    expect(remote).toBeInstanceOf(RefundkitInvalidRequestError);
    expect(remote.statusCode).toBe(402);

    const before = sent.length;
    const local = await caught(
      client.refunds.create({
        paymentId: session.id,
        amount: 500,
        payment: {
          snapshot: { amount: 1_000, currency: 'PLN', captured: 1_000, state: 'succeeded', capturedAt: 0 },
          refunds: [{ amount: first.amount.amount, status: first.status }],
        },
      }),
    );
    expect(sent.length).toBe(before);
    expect(local).toBeInstanceOf(RefundkitInvalidRequestError);
    expect(local.statusCode).toBeNull();
    expect(local.code).toBe('amount_exceeds_refundable');
    expect(local.code).toBe(remote.code);
    expect(local.param).toBe(remote.param);
  });

  it('bad input is refused before anything is sent', async () => {
    const sent: RequestEvent[] = [];
    const client = clientFor(server, { onRequest: (e) => sent.push(e) });
    const codes = await Promise.all([
      caught(client.refunds.create({ paymentId: 'x', amount: 10.5 })),
      caught(client.refunds.create({ paymentId: 'x', amount: -1 })),
      // @ts-expect-error a reason the canonical model does not have
      caught(client.refunds.create({ paymentId: 'x', reason: 'duplicated' })),
      caught(client.refunds.create({ paymentId: 'x', reason: 'other' })),
      caught(client.refunds.create({ paymentId: 'x', metadata: { 'a[b]': 'c' } })),
      caught(client.refunds.create({ paymentId: '' })),
      caught(client.checkoutSessions.pay('x', { blik_code: '12345' })),
      // Ids go into paths: an empty one is refused (as a rejected promise, like every other failure).
      caught(client.refunds.retrieve('')),
      caught(client.refunds.waitFor(' ')),
      caught(client.checkoutSessions.retrieve('')),
    ]);
    expect(codes.map((e) => e.code)).toEqual([
      'amount_invalid',
      'amount_invalid',
      'reason_invalid',
      'reason_invalid',
      'metadata_invalid',
      'parameter_missing',
      'parameter_invalid',
      'parameter_missing',
      'parameter_missing',
      'parameter_missing',
    ]);
    for (const error of codes) expect(error).toBeInstanceOf(RefundkitInvalidRequestError);
    expect(sent).toHaveLength(0);
  });

  it('the same key with a different payload is an idempotency error and changes nothing', async () => {
    const client = clientFor(server);
    const session = await paidSession(client);
    const key = `k-${session.id}`;
    const first = await client.refunds.create(
      { paymentId: session.id, amount: 100 },
      { idempotencyKey: key },
    );
    const error = await caught(
      client.refunds.create({ paymentId: session.id, amount: 200 }, { idempotencyKey: key }),
    );
    expect(error).toBeInstanceOf(RefundkitIdempotencyError);
    expect(error).toMatchObject({
      statusCode: 422,
      code: 'idempotency_key_reused',
      param: 'Idempotency-Key',
    });
    const page = await client.refunds.list({ paymentId: session.id });
    expect(page.data.map((r) => r.id)).toEqual([first.id]);
  });

  it('a hook that throws fails the call (hooks are not silently swallowed)', async () => {
    const client = clientFor(server, {
      onRequest: () => {
        throw new Error('hook broke');
      },
    });
    await expect(client.checkoutSessions.list()).rejects.toThrow('hook broke');
  });

  it('a client with a bad config is refused up front, by createClient and each dialect factory alike', () => {
    const factories = {
      createClient: (config: object) => createClient({ dialect: 'convergegate', ...config } as never),
      createConvergeGateClient: (config: object) => createConvergeGateClient(config as never),
      createStripeClient: (config: object) => createStripeClient(config as never),
      createCheckoutClient: (config: object) => createCheckoutClient(config as never),
    };
    for (const [name, factory] of Object.entries(factories)) {
      const make = (config: object) => () => factory(config);
      expect(make({ baseUrl: 'not a url', secretKey: 'sk_test_x' }), name).toThrow(
        RefundkitInvalidRequestError,
      );
      expect(make({ baseUrl: server.url, secretKey: '' }), name).toThrow(/secretKey/);
      expect(make({ baseUrl: server.url, secretKey: 'sk_tést' }), name).toThrow(/secretKey/);
      expect(make({ baseUrl: server.url, secretKey: 'sk', timeoutMs: -1 }), name).toThrow(/timeoutMs/);
      expect(make({ baseUrl: server.url, secretKey: 'sk', webhookToleranceSec: Number.NaN }), name).toThrow(
        /webhookToleranceSec/,
      );
      const error = (() => {
        try {
          make({ baseUrl: 'ftp://x', secretKey: 'sk' })();
        } catch (e) {
          return e as RefundkitError;
        }
      })();
      expect(error).toMatchObject({ code: 'client_config_invalid', param: 'baseUrl', statusCode: null });
    }
    expect(() => createClient({ baseUrl: server.url, secretKey: 'sk', dialect: 'paypal' } as never)).toThrow(
      /not supported/,
    );
    expect(createConvergeGateClient({ baseUrl: server.url, secretKey: 'sk' }).dialect).toBe('convergegate');
    expect(createClient({ dialect: 'stripe', baseUrl: server.url, secretKey: 'sk' }).dialect).toBe('stripe');
    expect(createClient({ dialect: 'checkout', baseUrl: server.url, secretKey: 'sk' }).dialect).toBe(
      'checkout',
    );
  });
});
