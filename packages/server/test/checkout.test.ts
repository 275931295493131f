import { createHmac } from 'node:crypto';
import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestFingerprint } from '../src/http/request-fingerprint.js';
import type { RunningServer } from '../src/index.js';
import { api, type Body, backends, LIVE_KEY, startServer, TEST_KEY } from './helpers.js';

for (const backend of backends) {
  describe(`Checkout dialect (own port and /checkout, ${backend.name})`, () => {
    let server: RunningServer;
    let closeStorage: () => Promise<void>;
    let base: string;
    const received: { body: string; headers: IncomingHttpHeaders }[] = [];
    const waiters: (() => void)[] = [];
    const hook = createHttpServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
        res.writeHead(204).end();
        for (const w of waiters.splice(0)) w();
      });
    });
    const until = async (test: () => boolean) => {
      while (!test()) await new Promise<void>((resolve) => waiters.push(resolve));
    };
    const call = async (
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
      key: string | null = TEST_KEY,
    ) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as Body };
    };
    const paidCheckout = async (amount = 1500, pay: Record<string, string> = {}) => {
      const created = await call('POST', '/api/checkouts', { amount, currency: 'EUR', reference: 'order-1' });
      expect(created).toMatchObject({ status: 201, body: { status: 'pending', amount, currency: 'EUR' } });
      const paid = await call('POST', `/api/checkouts/${created.body.id}/sandbox/pay`, pay);
      expect(paid).toMatchObject({ status: 200, body: { status: 'paid' } });
      return paid.body.id as string;
    };

    beforeAll(async () => {
      await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
      const storage = await backend.open();
      closeStorage = storage.close;
      server = await startServer({
        ...storage.options,
        checkoutPort: 0,
        refundDelayMs: 50,
        pollIntervalMs: 50,
      });
      base = server.checkoutUrl!;
    });
    afterAll(async () => {
      await server?.close();
      await closeStorage?.();
      await new Promise<void>((resolve) => hook.close(() => resolve()));
    });

    it('answers 403 without a key or with a wrong one', async () => {
      expect((await call('POST', '/api/checkouts', { amount: 1, currency: 'EUR' }, {}, null)).status).toBe(
        403,
      );
      const wrong = await call('GET', '/api/checkouts/ch_x', undefined, {}, 'sk_test_not_a_real_key_00');
      expect(wrong).toMatchObject({ status: 403, body: { code: 'api_key_invalid' } });
    });

    it('refunds in full with 202 "successful", refuses partials and a second refund', async () => {
      const id = await paidCheckout();
      const partial = await call('POST', `/api/checkouts/${id}/refund`, { amount: 500 });
      expect(partial).toMatchObject({
        status: 400,
        body: { code: 'partial_not_supported', param: 'amount' },
      });
      const full = await call('POST', `/api/checkouts/${id}/refund`, {
        reference: 'RMA-2041',
        metadata: { ticket: 'T-1' },
      });
      expect(full).toMatchObject({
        status: 202,
        body: { id, message: 'Your refund has been processed', status: 'successful' },
      });
      expect(full.body.refundId).toMatch(/^rfd_/);
      const again = await call('POST', `/api/checkouts/${id}/refund`, {});
      expect(again).toMatchObject({ status: 400, body: { code: 'already_refunded' } });
      const refund = await call('GET', `/api/refunds/${full.body.refundId}`);
      expect(refund.body).toMatchObject({
        checkoutId: id,
        amount: 1500,
        currency: 'EUR',
        metadata: { ticket: 'T-1' },
        reference: 'RMA-2041',
        status: expect.stringMatching(/^(pending|succeeded)$/),
      });
    });

    it('keeps Idempotency-Key: replay, 422 with another payload, 409 in flight', async () => {
      const id = await paidCheckout();
      const headers = { 'idempotency-key': 'ck-1' };
      const first = await call('POST', `/api/checkouts/${id}/refund`, { reason: 'duplicate' }, headers);
      const replay = await call('POST', `/api/checkouts/${id}/refund`, { reason: 'duplicate' }, headers);
      expect(replay.body.refundId).toBe(first.body.refundId);
      const other = await call('POST', `/api/checkouts/${id}/refund`, { reason: 'fraudulent' }, headers);
      expect(other.status).toBe(422);
      const id2 = await paidCheckout();
      const now = Date.now();
      await server.db
        .insertInto('idempotency_keys')
        .values({
          account_id: 'acct_default',
          livemode: false,
          key: 'ck-busy',
          fingerprint: requestFingerprint({
            dialect: 'checkout',
            method: 'POST',
            path: `/api/checkouts/${id2}/refund`,
            body: {},
          }),
          state: 'running',
          status_code: null,
          response: null,
          locked_until: now + 60_000,
          created_at: now,
          expires_at: now + 60_000,
        })
        .execute();
      const busy = await call('POST', `/api/checkouts/${id2}/refund`, {}, { 'idempotency-key': 'ck-busy' });
      expect(busy).toMatchObject({ status: 409, body: { code: 'idempotency_key_in_use' } });
    });

    it('reports the result by signed webhook: refund.succeeded and refund.failed', async () => {
      const { port } = hook.address() as AddressInfo;
      const endpoint = await call('POST', '/api/webhooks', {
        url: `http://127.0.0.1:${port}/hook`,
        events: ['refund.succeeded', 'refund.failed'],
      });
      expect(endpoint.body.secret).toMatch(/^whsec_/);
      const good = await call('POST', `/api/checkouts/${await paidCheckout()}/refund`, {});
      const bad = await call(
        'POST',
        `/api/checkouts/${await paidCheckout(900, { refund_outcome: 'failed' })}/refund`,
        {},
      );
      const events = () => received.map((r) => ({ ...JSON.parse(r.body), headers: r.headers, raw: r.body }));
      await until(
        () =>
          events().some((e) => e.data.id === good.body.refundId) &&
          events().some((e) => e.data.id === bad.body.refundId),
      );
      for (const e of events()) {
        const [t, v1] = String(e.headers['checkout-signature'])
          .split(',')
          .map((p) => p.split('=')[1]);
        expect(createHmac('sha256', endpoint.body.secret).update(`${t}.${e.raw}`).digest('hex')).toBe(v1);
      }
      expect(events().find((e) => e.data.id === good.body.refundId)).toMatchObject({
        type: 'refund.succeeded',
        data: { status: 'succeeded' },
      });
      expect(events().find((e) => e.data.id === bad.body.refundId)).toMatchObject({
        type: 'refund.failed',
        data: { status: 'failed' },
      });
    });

    it("lists and deletes its own webhook endpoints, never the Stripe dialect's or the other mode's", async () => {
      const { port } = hook.address() as AddressInfo;
      const url = `http://127.0.0.1:${port}/scoped`;
      const own = await call('POST', '/api/webhooks', { url, events: ['refund.failed'] });
      expect(own).toMatchObject({ status: 201, body: { id: expect.stringMatching(/^wh_/), url } });
      const live = await call('POST', '/api/webhooks', { url, events: ['refund.failed'] }, {}, LIVE_KEY);
      expect(live.status).toBe(201);
      const stripe = (method: string, path: string, body?: unknown) =>
        api(server).request(method, `/stripe/v1/webhook_endpoints${path}`, { body });
      const stripeOwn = await stripe('POST', '', { url, enabled_events: ['refund.failed'] });
      expect(stripeOwn.body.id).toMatch(/^we_/);

      const listed = await call('GET', '/api/webhooks');
      expect(listed.status).toBe(200);
      const ids = listed.body.items.map((item: { id: string }) => item.id);
      expect(ids).toContain(own.body.id);
      expect(ids).not.toContain(live.body.id);
      expect(ids).not.toContain(stripeOwn.body.id);
      expect(listed.body.items.find((item: { id: string }) => item.id === own.body.id)).not.toHaveProperty(
        'secret',
      );
      const stripeIds = (await stripe('GET', '')).body.data.map((e: { id: string }) => e.id);
      expect(stripeIds).toContain(stripeOwn.body.id);
      expect(stripeIds).not.toContain(own.body.id);

      for (const other of [live.body.id, stripeOwn.body.id]) {
        expect(await call('DELETE', `/api/webhooks/${other}`)).toMatchObject({
          status: 404,
          body: { code: 'resource_missing' },
        });
      }
      expect(await stripe('DELETE', `/${own.body.id}`)).toMatchObject({ status: 404 });
      expect(await call('DELETE', `/api/webhooks/${own.body.id}`)).toEqual({ status: 204, body: null });
      expect((await call('GET', '/api/webhooks')).body.items).not.toContainEqual(
        expect.objectContaining({ id: own.body.id }),
      );
      expect((await call('DELETE', `/api/webhooks/${own.body.id}`)).status).toBe(404);
      expect((await call('DELETE', `/api/webhooks/${live.body.id}`, undefined, {}, LIVE_KEY)).status).toBe(
        204,
      );
      expect(await stripe('DELETE', `/${stripeOwn.body.id}`)).toMatchObject({
        status: 200,
        body: { id: stripeOwn.body.id, deleted: true },
      });
    });

    it('serves the same API under /checkout on the main port, listed in OpenAPI', async () => {
      const res = await fetch(`${server.url}/checkout/api/checkouts/ch_nope`, {
        headers: { authorization: `Bearer ${TEST_KEY}` },
      });
      expect(res.status).toBe(404);
      const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
        paths: Record<string, unknown>;
      };
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/checkout/api/checkouts',
          '/checkout/api/checkouts/{id}/refund',
          '/checkout/api/refunds/{id}',
        ]),
      );
    });
  });
}
