import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { type Api, api, backends, LIVE_KEY, sessionInput, startServer } from './helpers.js';

describe.each(backends)('checkout sessions on $name', (backend) => {
  let server: RunningServer;
  let client: Api;
  let closeBackend: () => Promise<void>;
  // A movable clock: expiry is tested by moving time, never by sleeping.
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

  const now = () => Math.floor((Date.now() + offset) / 1000);

  it('creates a session from a form body with every documented field', async () => {
    const expires = now() + 3600;
    const created = await client.post('/v1/checkout/sessions', {
      ...sessionInput({ amount: 1000, currency: 'usd' }),
      cancel_url: 'https://shop.example/cancel',
      notification_url: 'http://127.0.0.1:9/hooks',
      customer_ip: '203.0.113.7',
      customer_country: 'PL',
      payment_method: ['blik'],
      expires_at: expires,
      locale: 'pl-PL',
      metadata: { order_id: '42', note: 'a b&c' },
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{23}$/),
      status: 'open',
      amount_total: 1000,
      amount_subtotal: 1000,
      amount_sub_total: 1000,
      amount_refunded: 0,
      currency: 'usd',
      url: `${server.url}/pay/${created.body.id}`,
      success_url: 'https://shop.example/success',
      cancel_url: 'https://shop.example/cancel',
      notification_url: 'http://127.0.0.1:9/hooks',
      customer_email: 'john@example.com',
      customer_firstname: 'John',
      customer_lastname: 'Doe',
      customer_phone: '',
      customer_ip: '203.0.113.7',
      customer_country: 'PL',
      payment_method_types: ['blik'],
      locale: 'pl-PL',
      expires_at: expires,
      expire_at: expires,
      metadata: { order_id: '42', note: 'a b&c' },
      livemode: false,
      created_at: expect.any(Number),
    });
    const got = await client.get(`/v1/checkout/sessions/${created.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created.body);
  });

  it('accepts JSON bodies, a plain payment_method, and defaults expiry to 24 hours', async () => {
    const created = await client.post(
      '/v1/checkout/sessions',
      { ...sessionInput(), payment_method: 'blik', currency: 'PLN' },
      { json: false },
    );
    expect(created.status).toBe(200);
    expect(created.body.payment_method_types).toEqual(['blik']);
    expect(created.body.currency).toBe('pln');
    expect(created.body.expires_at - created.body.created_at).toBe(86_400);
    const json = await client.post('/v1/checkout/sessions', sessionInput({ metadata: { a: '1' } }), {
      json: true,
    });
    expect(json.status).toBe(200);
    expect(json.body.metadata).toEqual({ a: '1' });
    expect(json.body.cancel_url).toBe('');
    expect(json.body.notification_url).toBe('');
  });

  it.each(
    [
      [{ amount: undefined }, 'amount', 'parameter_missing'],
      [{ currency: undefined }, 'currency', 'parameter_missing'],
      [{ customer_email: undefined }, 'customer_email', 'parameter_missing'],
      [{ customer_firstname: undefined }, 'customer_firstname', 'parameter_missing'],
      [{ customer_lastname: undefined }, 'customer_lastname', 'parameter_missing'],
      [{ success_url: undefined }, 'success_url', 'parameter_missing'],
      [{ amount: 0 }, 'amount', 'amount_invalid'],
      [{ amount: -5 }, 'amount', 'amount_invalid'],
      [{ amount: '12.50' }, 'amount', 'amount_invalid'],
      [{ amount: 'ten' }, 'amount', 'amount_invalid'],
      [{ amount: '99999999999999999' }, 'amount', 'amount_invalid'],
      [{ currency: 'xyz' }, 'currency', 'currency_invalid'],
      [{ currency: 'zloty' }, 'currency', 'currency_invalid'],
      [{ customer_email: 'not-an-email' }, 'customer_email', 'parameter_invalid'],
      [{ notification_url: 'ftp://x' }, 'notification_url', 'parameter_invalid'],
      [{ payment_method: ['card'] }, 'payment_method[0]', 'parameter_invalid'],
      [{ expires_at: 'soon' }, 'expires_at', 'parameter_invalid'],
      [{ expires_at: 1 }, 'expires_at', 'parameter_invalid'],
      [{ expires_at: 'FAR' }, 'expires_at', 'parameter_invalid'],
      [{ metadata: { k: 'v'.repeat(501) } }, 'metadata[k]', 'metadata_invalid'],
      [{ nonsense: 'x' }, 'nonsense', 'parameter_unknown'],
    ].map(([overrides, param, code]) => [param, overrides, code] as const),
  )('refuses a bad %s with 400 (%j, %s)', async (param, overrides, code) => {
    const input: Record<string, unknown> = { ...sessionInput(), ...(overrides as object) };
    if (input['expires_at'] === 'FAR') input['expires_at'] = now() + 31 * 86_400;
    const before = await client.get('/v1/checkout/sessions?limit=100');
    const refused = await client.post('/v1/checkout/sessions', input);
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      error: { type: 'invalid_request_error', message: expect.any(String), param, code },
    });
    const after = await client.get('/v1/checkout/sessions?limit=100');
    expect(after.body.data.length).toBe(before.body.data.length);
  });

  it('refuses JSON values of the wrong type rather than coercing them', async () => {
    const refused = await client.post('/v1/checkout/sessions', sessionInput({ amount: '1000' }), {
      json: true,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('amount_invalid');
    const bool = await client.post('/v1/checkout/sessions', sessionInput({ amount: true }), { json: true });
    expect(bool.status).toBe(400);
    const meta = await client.post('/v1/checkout/sessions', sessionInput({ metadata: { n: 1 } }), {
      json: true,
    });
    expect(meta.body.error).toMatchObject({ code: 'metadata_invalid', param: 'metadata[n]' });
    // Brackets cannot round-trip through form encoding, so core refuses them in keys.
    const bracket = await client.post('/v1/checkout/sessions', sessionInput({ metadata: { 'a[b]': 'x' } }), {
      json: true,
    });
    expect(bracket.body.error).toMatchObject({ code: 'metadata_invalid', param: 'metadata[a[b]]' });
  });

  it('refuses more than 50 metadata keys', async () => {
    const metadata = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    const refused = await client.post('/v1/checkout/sessions', sessionInput({ metadata }));
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'metadata_invalid', param: 'metadata' });
  });

  it('answers 404 for an unknown session and for a session of the other mode', async () => {
    const missing = await client.get('/v1/checkout/sessions/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ type: 'invalid_request_error', code: 'resource_missing' });
    const live = await client.post('/v1/checkout/sessions', sessionInput(), { key: LIVE_KEY });
    expect(live.status).toBe(200);
    expect(live.body.livemode).toBe(true);
    const fromTest = await client.get(`/v1/checkout/sessions/${live.body.id}`);
    expect(fromTest.status).toBe(404);
    const fromLive = await client.get(`/v1/checkout/sessions/${live.body.id}`, LIVE_KEY);
    expect(fromLive.status).toBe(200);
  });

  describe('pay', () => {
    const open = async () => (await client.post('/v1/checkout/sessions', sessionInput())).body;

    it('completes with any other 6-digit code (POST form body)', async () => {
      const session = await open();
      const paid = await client.post(`/v1/checkout/sessions/${session.id}/pay`, { blik_code: '123456' });
      expect(paid.status).toBe(200);
      expect(paid.body).toMatchObject({ id: session.id, status: 'completed', amount_refunded: 0 });
      const again = await client.post(`/v1/checkout/sessions/${session.id}/pay`, { blik_code: '123456' });
      expect(again.status).toBe(400);
      expect(again.body.error).toMatchObject({ type: 'invalid_request_error', code: 'session_not_open' });
    });

    it('is tolerated as GET with ?blik_code=', async () => {
      const session = await open();
      const paid = await client.get(`/v1/checkout/sessions/${session.id}/pay?blik_code=654321`);
      expect(paid.status).toBe(200);
      expect(paid.body.status).toBe('completed');
      const missing = await client.get(`/v1/checkout/sessions/${session.id}/pay`);
      expect(missing.status).toBe(400);
      expect(missing.body.error).toMatchObject({ code: 'parameter_missing', param: 'blik_code' });
    });

    it('declines 000000 with a 402 voucher_error and keeps the session open', async () => {
      const session = await open();
      const declined = await client.post(`/v1/checkout/sessions/${session.id}/pay`, { blik_code: '000000' });
      expect(declined.status).toBe(402);
      expect(declined.body).toEqual({
        error: {
          type: 'voucher_error',
          message: expect.any(String),
          param: 'blik_code',
          code: 'payment_declined',
          decline_code: 'blik_code_declined',
        },
      });
      const got = await client.get(`/v1/checkout/sessions/${session.id}`);
      expect(got.body.status).toBe('open');
      const retry = await client.post(`/v1/checkout/sessions/${session.id}/pay`, { blik_code: '222222' });
      expect(retry.body.status).toBe('completed');
    });

    it('never confirms 111111: the session stays open, then expires at expires_at', async () => {
      const created = await client.post('/v1/checkout/sessions', sessionInput({ expires_at: now() + 120 }));
      const pending = await client.post(`/v1/checkout/sessions/${created.body.id}/pay`, {
        blik_code: '111111',
      });
      expect(pending.status).toBe(200);
      expect(pending.body.status).toBe('open');
      offset += 121_000;
      const got = await client.get(`/v1/checkout/sessions/${created.body.id}`);
      expect(got.body.status).toBe('expired');
      const late = await client.post(`/v1/checkout/sessions/${created.body.id}/pay`, { blik_code: '123456' });
      expect(late.status).toBe(400);
      expect(late.body.error.code).toBe('session_not_open');
    });

    it.each(['12345', '1234567', 'abcdef', ''])('refuses the code %j', async (code) => {
      const session = await open();
      const refused = await client.post(`/v1/checkout/sessions/${session.id}/pay`, { blik_code: code });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ param: 'blik_code', code: 'parameter_invalid' });
    });

    it('answers 404 for an unknown session', async () => {
      const missing = await client.post('/v1/checkout/sessions/nope/pay', { blik_code: '123456' });
      expect(missing.status).toBe(404);
    });
  });

  it('serves the hosted page at the session url, where the customer pays without a key', async () => {
    const created = await client.post('/v1/checkout/sessions', sessionInput({ amount: 12_345 }));
    const url = created.body.url as string;
    const form = (code: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `blik_code=${code}`,
        redirect: 'manual',
      });
    const shown = await fetch(url);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toContain('text/html');
    const text = await shown.text();
    expect(text).toContain('123.45');
    expect(text).toContain('name="blik_code"');
    expect((await form('12')).status).toBe(400);
    const declined = await form('000000');
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain('declined');
    const paid = await form('123456');
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe('https://shop.example/success');
    expect((await client.get(`/v1/checkout/sessions/${created.body.id}`)).body.status).toBe('completed');
    expect(await (await fetch(url)).text()).not.toContain('name="blik_code"');
    expect((await fetch(`${server.url}/pay/nope`)).status).toBe(404);
  });

  it('lists sessions newest first with cursor pagination', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await client.post('/v1/checkout/sessions', sessionInput())).body.id);
    const first = await client.get('/v1/checkout/sessions?limit=2');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ object: 'list', has_more: true });
    expect(first.body.data.map((s: { id: string }) => s.id)).toEqual([ids[4], ids[3]]);
    const second = await client.get(`/v1/checkout/sessions?limit=2&starting_after=${ids[3]}`);
    expect(second.body.data.map((s: { id: string }) => s.id)).toEqual([ids[2], ids[1]]);
    const all = await client.get('/v1/checkout/sessions?limit=100');
    expect(all.body.has_more).toBe(false);
    expect(all.body.data.every((s: { livemode: boolean }) => s.livemode === false)).toBe(true);
    const defaults = await client.get('/v1/checkout/sessions');
    expect(defaults.body.data.length).toBe(Math.min(10, all.body.data.length));
    for (const bad of ['limit=0', 'limit=101', 'limit=x', 'colour=red']) {
      const refused = await client.get(`/v1/checkout/sessions?${bad}`);
      expect(refused.status).toBe(400);
    }
    const unknown = await client.get('/v1/checkout/sessions?starting_after=nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.param).toBe('starting_after');
  });
});
