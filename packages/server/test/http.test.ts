import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import {
  type Api,
  api,
  backends,
  formEncode,
  LIVE_KEY,
  sessionInput,
  startServer,
  TEST_KEY,
} from './helpers.js';

describe.each(backends)('auth, health, docs and malformed requests on $name', (backend) => {
  let server: RunningServer;
  let client: Api;
  let closeBackend: () => Promise<void>;

  beforeAll(async () => {
    const opened = await backend.open();
    closeBackend = opened.close;
    server = await startServer(opened.options);
    client = api(server);
  });
  afterAll(async () => {
    await server?.close();
    await closeBackend?.();
  });

  it('accepts Basic (key as user, empty password) and Bearer', async () => {
    const basic = await client.get('/v1/checkout/sessions');
    expect(basic.status).toBe(200);
    const bearer = await fetch(`${server.url}/v1/checkout/sessions`, {
      headers: { authorization: `Bearer ${TEST_KEY}` },
    });
    expect(bearer.status).toBe(200);
    const live = await fetch(`${server.url}/v1/checkout/sessions`, {
      headers: { authorization: `Bearer ${LIVE_KEY}` },
    });
    expect(live.status).toBe(200);
  });

  it.each([
    ['no header', undefined, 'authentication_required'],
    ['an unknown key', `Bearer sk_test_wrong_key_000000000000`, 'api_key_invalid'],
    ['a key one character short', `Bearer ${TEST_KEY.slice(0, -1)}`, 'api_key_invalid'],
    ['a wrong Basic key', `Basic ${Buffer.from('sk_test_nope:').toString('base64')}`, 'api_key_invalid'],
    ['an unknown scheme', `Token ${TEST_KEY}`, 'authentication_required'],
    ['an empty Bearer', 'Bearer', 'authentication_required'],
  ])('answers 401 for %s', async (_what, authorization, code) => {
    for (const [method, path] of [
      ['GET', '/v1/checkout/sessions'],
      ['POST', '/v1/checkout/sessions'],
      ['GET', '/v1/refunds/x'],
      ['POST', '/v1/refunds'],
    ] as const) {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: authorization ? { authorization } : {},
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        error: { type: 'authentication_error', message: expect.any(String), code },
      });
    }
  });

  it('serves /healthz without a key', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
  });

  it('serves an OpenAPI 3.1 document generated from the route schemas', async () => {
    const response = await fetch(`${server.url}/openapi.json`);
    expect(response.status).toBe(200);
    const doc = await response.json();
    expect(doc.openapi).toBe('3.1.0');
    // Every operation of every dialect: ConvergeGate at the root, the others under their prefixes.
    const operations = Object.entries(doc.paths as Record<string, Record<string, { summary?: string }>>)
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(operations).toEqual(
      [
        'POST /v1/checkout/sessions',
        'GET /v1/checkout/sessions',
        'GET /v1/checkout/sessions/{id}',
        'POST /v1/checkout/sessions/{id}/pay',
        'GET /v1/checkout/sessions/{id}/pay',
        'POST /v1/refunds',
        'GET /v1/refunds',
        'GET /v1/refunds/{id}',
        'POST /stripe/v1/payment_intents',
        'GET /stripe/v1/payment_intents',
        'GET /stripe/v1/payment_intents/{id}',
        'POST /stripe/v1/payment_intents/{id}/confirm',
        'GET /stripe/v1/charges',
        'GET /stripe/v1/charges/{id}',
        'GET /stripe/v1/application_fees/{id}',
        'GET /stripe/v1/transfers/{id}',
        'POST /stripe/v1/refunds',
        'GET /stripe/v1/refunds',
        'GET /stripe/v1/refunds/{id}',
        'POST /stripe/v1/refunds/{id}',
        'POST /stripe/v1/refunds/{id}/cancel',
        'POST /stripe/v1/customers',
        'GET /stripe/v1/customers/{id}',
        'POST /stripe/v1/webhook_endpoints',
        'GET /stripe/v1/webhook_endpoints',
        'DELETE /stripe/v1/webhook_endpoints/{id}',
        'POST /checkout/api/checkouts',
        'GET /checkout/api/checkouts/{id}',
        'POST /checkout/api/checkouts/{id}/sandbox/pay',
        'POST /checkout/api/checkouts/{id}/refund',
        'GET /checkout/api/checkouts/{id}/refunds',
        'GET /checkout/api/refunds/{id}',
        'POST /checkout/api/webhooks',
        'GET /checkout/api/webhooks',
        'DELETE /checkout/api/webhooks/{id}',
      ].sort(),
    );
    for (const ops of Object.values(doc.paths as Record<string, Record<string, { summary?: string }>>)) {
      for (const op of Object.values(ops)) expect(op.summary).toEqual(expect.any(String));
    }
    expect(doc.info.title).toMatch(/ConvergeGate, Stripe-compatible and Checkout/);
    // Stripe's and Checkout's bodies come from their route schemas too.
    const stripeRefund = doc.paths['/stripe/v1/refunds'].post.requestBody.content['application/json'].schema;
    expect(Object.keys(stripeRefund.properties)).toEqual(
      expect.arrayContaining([
        'charge',
        'payment_intent',
        'origin',
        'refund_application_fee',
        'reverse_transfer',
      ]),
    );
    const checkoutRefund =
      doc.paths['/checkout/api/checkouts/{id}/refund'].post.responses['202'].content['application/json']
        .schema;
    expect(checkoutRefund.properties.status.enum).toEqual(['successful']);
    expect(doc.paths['/pay/{id}']).toBeUndefined();
    expect(doc.paths['/healthz']).toBeUndefined();
    const refundBody = doc.paths['/v1/refunds'].post.requestBody.content['application/json'].schema;
    expect(refundBody.required).toEqual(['session_id']);
    expect(refundBody.properties.reason.enum).toEqual(['requested_by_customer', 'duplicated', 'fraudulent']);
    expect(doc.components.securitySchemes.basicAuth).toMatchObject({ type: 'http', scheme: 'basic' });
  });

  it('serves the reference at /docs from local assets, no CDN', async () => {
    const page = await fetch(`${server.url}/docs/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('swagger-ui');
    expect(html).not.toMatch(/(src|href)="https?:\/\//);
    // Nor does the page call out: no online spec validator.
    const init = await (await fetch(`${server.url}/docs/static/swagger-initializer.js`)).text();
    expect(init).toContain('validatorUrl: null');
    expect((await fetch(`${server.url}/docs/json`)).status).toBe(200);
    const script = await fetch(`${server.url}/docs/static/swagger-ui-bundle.js`);
    expect(script.status).toBe(200);
    expect((await script.text()).length).toBeGreaterThan(100_000);
  });

  it('answers unknown routes with a ConvergeGate 404', async () => {
    const response = await client.get('/v2/nothing');
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({ type: 'invalid_request_error', code: 'route_missing' });
  });

  it('answers malformed bodies with 4xx error objects, never 500', async () => {
    const cases: [string, string, number][] = [
      ['application/json', '{"amount": ', 400],
      ['application/json', '{"__proto__": {"x": 1}}', 400],
      ['text/plain', 'amount=1', 415],
      ['application/x-www-form-urlencoded', '%%%', 400],
      ['application/json', '[]', 400],
      ['application/json', '"text"', 400],
    ];
    for (const [type, body, status] of cases) {
      const response = await fetch(`${server.url}/v1/refunds`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': type },
        body,
      });
      expect(response.status, `${type} ${body}`).toBe(status);
      const parsed = await response.json();
      expect(parsed.error.type).toBe('invalid_request_error');
      expect(typeof parsed.error.code).toBe('string');
    }
    const empty = await fetch(`${server.url}/v1/refunds`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_KEY}` },
    });
    expect(empty.status).toBe(400);
    expect((await empty.json()).error).toMatchObject({ code: 'parameter_missing', param: 'session_id' });
  });

  it('keeps prototype-looking metadata keys as plain data', async () => {
    const created = await client.request('POST', '/v1/checkout/sessions', {
      form: `${formEncode(sessionInput())}&metadata[toString]=a&metadata[constructor]=b`,
    });
    expect(created.status).toBe(200);
    expect(created.body.metadata).toEqual({ toString: 'a', constructor: 'b' });
  });

  it('sends a request id with every response', async () => {
    const response = await client.get('/v1/checkout/sessions');
    expect(response.headers.get('request-id')).toMatch(/^req_/);
  });
});
