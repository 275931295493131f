import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import {
  type Api,
  api,
  backends,
  LIVE_KEY,
  paidSession,
  sessionInput,
  startServer,
  waitFor,
} from './helpers.js';

describe.each(backends)('refunds on $name', (backend) => {
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

  const settled = (id: string) =>
    waitFor(async () => {
      const got = await client.get(`/v1/refunds/${id}`);
      return got.body.status !== 'pending' && got.body;
    }, `refund ${id} to leave pending`);
  const session = async (id: string) => (await client.get(`/v1/checkout/sessions/${id}`)).body;

  it('creates a pending refund exactly as the seed shows, then the processor succeeds it', async () => {
    const paid = await paidSession(client);
    const created = await client.post('/v1/refunds', {
      amount: 1000,
      session_id: paid.id,
      reason: 'requested_by_customer',
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{19}$/),
      amount: 1000,
      status: 'pending',
      reason: 'requested_by_customer',
      created_at: expect.any(Number),
      livemode: false,
      session_id: paid.id,
      currency: 'pln',
      metadata: {},
      failure_reason: null,
      updated_at: expect.any(Number),
    });
    expect((await session(paid.id)).amount_refunded).toBe(1000);
    const done = await settled(created.body.id);
    expect(done).toMatchObject({ status: 'succeeded', failure_reason: null, amount: 1000 });
    expect((await session(paid.id)).amount_refunded).toBe(1000);
    const got = await client.get(`/v1/refunds/${created.body.id}`);
    expect(got.body).toEqual(done);
  });

  it('refunds everything still refundable when amount is omitted, then refuses more', async () => {
    const paid = await paidSession(client, { amount: 5000 });
    const part = await client.post('/v1/refunds', { session_id: paid.id, amount: 1200 });
    expect(part.status).toBe(200);
    const rest = await client.post('/v1/refunds', { session_id: paid.id }, { json: true });
    expect(rest.status).toBe(200);
    expect(rest.body).toMatchObject({ amount: 3800, reason: null });
    expect((await session(paid.id)).amount_refunded).toBe(5000);
    const more = await client.post('/v1/refunds', { session_id: paid.id, amount: 1 });
    expect(more.status).toBe(402);
    expect(more.body).toEqual({
      error: { type: 'invalid_request_error', message: expect.any(String), code: 'already_refunded' },
    });
  });

  it('refuses an amount above what is refundable with 402 and changes nothing', async () => {
    const paid = await paidSession(client, { amount: 1000 });
    await client.post('/v1/refunds', { session_id: paid.id, amount: 600 });
    const over = await client.post('/v1/refunds', { session_id: paid.id, amount: 401 });
    expect(over.status).toBe(402);
    expect(over.body.error).toMatchObject({
      type: 'invalid_request_error',
      param: 'amount',
      code: 'amount_exceeds_refundable',
    });
    expect((await session(paid.id)).amount_refunded).toBe(600);
    const list = await client.get(`/v1/refunds?session_id=${paid.id}`);
    expect(list.body.data).toHaveLength(1);
    const exact = await client.post('/v1/refunds', { session_id: paid.id, amount: 400 });
    expect(exact.status).toBe(200);
  });

  it('refuses to refund a session that is not paid', async () => {
    const open = await client.post('/v1/checkout/sessions', sessionInput());
    const refused = await client.post('/v1/refunds', { session_id: open.body.id, amount: 100 });
    expect(refused.status).toBe(402);
    expect(refused.body.error.code).toBe('payment_not_refundable');
  });

  it('translates reasons through core: duplicated in, duplicated out', async () => {
    const paid = await paidSession(client);
    for (const reason of ['requested_by_customer', 'duplicated', 'fraudulent']) {
      const created = await client.post('/v1/refunds', { session_id: paid.id, amount: 100, reason });
      expect(created.status).toBe(200);
      expect(created.body.reason).toBe(reason);
      expect((await client.get(`/v1/refunds/${created.body.id}`)).body.reason).toBe(reason);
    }
  });

  it.each([
    ['session_id', { session_id: undefined }, 400, 'parameter_missing'],
    ['amount', { amount: 0 }, 400, 'amount_invalid'],
    ['amount', { amount: -1 }, 400, 'amount_invalid'],
    ['amount', { amount: '10.5' }, 400, 'amount_invalid'],
    ['amount', { amount: 'abc' }, 400, 'amount_invalid'],
    ['reason', { reason: 'duplicate' }, 400, 'reason_invalid'],
    ['reason', { reason: 'other' }, 400, 'reason_invalid'],
    ['metadata[k]', { metadata: { k: 'x'.repeat(501) } }, 400, 'metadata_invalid'],
    [
      'metadata',
      { metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) },
      400,
      'metadata_invalid',
    ],
    ['currency', { currency: 'pln' }, 400, 'parameter_unknown'],
    ['session_id', { session_id: 'nope' }, 404, 'resource_missing'],
  ])('refuses a bad %s (%j) with %i %s', async (param, overrides, status, code) => {
    const paid = await paidSession(client);
    const refused = await client.post('/v1/refunds', { session_id: paid.id, amount: 100, ...overrides });
    expect(refused.status).toBe(status);
    expect(refused.body.error).toMatchObject({ type: 'invalid_request_error', param, code });
    expect((await session(paid.id)).amount_refunded).toBe(0);
  });

  it('keeps metadata sent with form brackets', async () => {
    const paid = await paidSession(client);
    const created = await client.request('POST', '/v1/refunds', {
      form: `session_id=${paid.id}&amount=100&metadata[order]=A-1&metadata[note]=two%20words`,
    });
    expect(created.status).toBe(200);
    expect(created.body.metadata).toEqual({ order: 'A-1', note: 'two words' });
  });

  it('sandbox_outcome=failed fails the refund and releases its amount', async () => {
    const paid = await paidSession(client, { amount: 1000 });
    const created = await client.post('/v1/refunds', {
      session_id: paid.id,
      amount: 700,
      metadata: { sandbox_outcome: 'failed' },
    });
    expect(created.body.status).toBe('pending');
    const done = await settled(created.body.id);
    expect(done).toMatchObject({ status: 'failed', failure_reason: 'sandbox_failure' });
    expect((await session(paid.id)).amount_refunded).toBe(0);
    const again = await client.post('/v1/refunds', { session_id: paid.id, amount: 1000 });
    expect(again.status).toBe(200);
  });

  it('sandbox_outcome=requires_action stops there and keeps holding the amount', async () => {
    const paid = await paidSession(client, { amount: 1000 });
    const created = await client.post('/v1/refunds', {
      session_id: paid.id,
      amount: 700,
      metadata: { sandbox_outcome: 'requires_action' },
    });
    const done = await settled(created.body.id);
    expect(done).toMatchObject({ status: 'requires_action', failure_reason: null });
    expect((await session(paid.id)).amount_refunded).toBe(700);
    const over = await client.post('/v1/refunds', { session_id: paid.id, amount: 301 });
    expect(over.body.error.code).toBe('amount_exceeds_refundable');
  });

  it('refuses a sandbox_outcome that is not a documented one, and refunds nothing', async () => {
    const paid = await paidSession(client, { amount: 1000 });
    const typo = await client.post('/v1/refunds', {
      session_id: paid.id,
      metadata: { sandbox_outcome: 'fialed' },
    });
    expect(typo.status).toBe(400);
    expect(typo.body.error).toMatchObject({ code: 'parameter_invalid', param: 'metadata[sandbox_outcome]' });
    expect((await session(paid.id)).amount_refunded).toBe(0);
    const listed = await client.get(`/v1/refunds?session_id=${paid.id}`);
    expect(listed.body.data).toEqual([]);
  });

  it('lists refunds of a session newest first with cursor pagination', async () => {
    const paid = await paidSession(client);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await client.post('/v1/refunds', { session_id: paid.id, amount: 10 + i })).body.id);
    }
    const first = await client.get(`/v1/refunds?session_id=${paid.id}&limit=3`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ object: 'list', has_more: true });
    expect(first.body.data.map((r: { id: string }) => r.id)).toEqual([ids[4], ids[3], ids[2]]);
    const next = await client.get(`/v1/refunds?session_id=${paid.id}&limit=3&starting_after=${ids[2]}`);
    expect(next.body).toMatchObject({ has_more: false });
    expect(next.body.data.map((r: { id: string }) => r.id)).toEqual([ids[1], ids[0]]);
    const all = await client.get('/v1/refunds?limit=100');
    expect(all.body.data.length).toBeGreaterThanOrEqual(5);
    const missing = await client.get('/v1/refunds?session_id=nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'resource_missing', param: 'session_id' });
    const badCursor = await client.get('/v1/refunds?starting_after=nope');
    expect(badCursor.status).toBe(404);
    expect(badCursor.body.error.param).toBe('starting_after');
    for (const bad of ['limit=0', 'limit=101', 'limit=1.5', 'foo=bar']) {
      expect((await client.get(`/v1/refunds?${bad}`)).status).toBe(400);
    }
  });

  it('answers 404 for an unknown refund', async () => {
    const missing = await client.get('/v1/refunds/kLcRRC5P8U68CYe0kVA');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ type: 'invalid_request_error', code: 'resource_missing' });
  });

  it('keeps test and live apart: livemode follows the key; the other mode gets 404', async () => {
    const live = await paidSession(client, {}, LIVE_KEY);
    expect(live.livemode).toBe(true);
    const fromTest = await client.post('/v1/refunds', { session_id: live.id, amount: 100 });
    expect(fromTest.status).toBe(404);
    const refund = await client.post('/v1/refunds', { session_id: live.id, amount: 100 }, { key: LIVE_KEY });
    expect(refund.status).toBe(200);
    expect(refund.body.livemode).toBe(true);
    expect((await client.get(`/v1/refunds/${refund.body.id}`)).status).toBe(404);
    expect((await client.get(`/v1/refunds/${refund.body.id}`, LIVE_KEY)).status).toBe(200);
    const testList = await client.get('/v1/refunds?limit=100');
    expect(testList.body.data.some((r: { id: string }) => r.id === refund.body.id)).toBe(false);
    expect((await client.get(`/v1/refunds?session_id=${live.id}`)).status).toBe(404);
  });
});
