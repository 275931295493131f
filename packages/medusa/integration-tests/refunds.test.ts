import path from 'node:path';
import type { MedusaContainer } from '@medusajs/framework/types';
import { Modules } from '@medusajs/framework/utils';
import { medusaIntegrationTestRunner } from '@medusajs/test-utils';
import { createClient, type RefundkitClient, signWebhook } from '@refundkit/sdk';
import { createServer } from '@refundkit/server';
import { REFUND_FAILED_EVENT, syncOpenRefunds } from '../src/lib/sync';
import type { RefundkitModuleService } from '../src/modules/refundkit/service';
import {
  gatewayRefunds,
  medusaPayment,
  orderForCart,
  placePaidOrder,
  startCheckout,
  waitFor,
} from './helpers/flow';
import { type LoopbackProxy, startProxy } from './helpers/proxy';
import { PROVIDER_ID, type StoreFixture, seedStore } from './helpers/store';

const root = path.resolve(__dirname, '..');
const dbName = `rk_medusa_${process.pid}_${Date.now().toString(36)}`;

let proxy: LoopbackProxy;
let server: Awaited<ReturnType<typeof createServer>>;
let gateway: RefundkitClient;

// Before Medusa boots (its config reads these): the refundkit server, and the proxy between the two.
beforeAll(async () => {
  proxy = await startProxy();
  server = await createServer({
    port: 0,
    inMemory: true,
    refundDelayMs: 0,
    webhookUrl: `${proxy.url}/hooks/payment/refundkit_refundkit`,
  });
  proxy.gatewayTarget = server.url;
  gateway = createClient({ dialect: 'convergegate', baseUrl: server.url, secretKey: server.keys.test });
  process.env.RK_API_KEY = server.keys.test;
  process.env.RK_BASE_URL = proxy.url;
  // Generous for a loaded CI machine; the timeout test waits it out twice (one SDK retry).
  process.env.RK_TIMEOUT_MS = '8000';
  process.env.RK_MAX_RETRIES = '1';
  // The poll is driven by the test itself, so it never races the webhook it is compared with.
  process.env.REFUNDKIT_POLL = 'off';
});

afterAll(async () => {
  await proxy?.close();
  await server?.close();
});

medusaIntegrationTestRunner({
  cwd: root,
  dbName,
  testSuite: ({ api, getContainer }) => {
    let store: StoreFixture;
    let container: MedusaContainer;
    const failedEvents: unknown[] = [];
    const refundkit = () => container.resolve<RefundkitModuleService>('refundkit');
    const orderRefunds = async (orderId: string) =>
      (await api.get(`/admin/orders/${orderId}/refundkit-refunds`, store.adminHeaders)).data;
    const refund = (paymentId: string, amount: number) =>
      api.post(`/admin/payments/${paymentId}/refund`, { amount }, store.adminHeaders);
    const sessionWebhook = async (checkoutSessionId: string) => {
      const body = JSON.stringify({
        id: `evt_${checkoutSessionId}_${Date.now()}`,
        object: 'event',
        type: 'checkout.session.completed',
        created_at: Math.floor(Date.now() / 1000),
        livemode: false,
        data: { object: { id: checkoutSessionId, status: 'completed' } },
      });
      return container.resolve(Modules.PAYMENT).getWebhookActionAndData({
        provider: 'refundkit_refundkit',
        payload: {
          data: JSON.parse(body),
          rawData: Buffer.from(body),
          headers: await signWebhook(body, { secretKey: server.keys.test }),
        },
      });
    };
    const refused = async (paymentId: string, amount: number) => {
      const error = await refund(paymentId, amount).then(
        () => null,
        (e: { response?: { status: number; data: { message: string } } }) => e.response,
      );
      if (!error) throw new Error('the refund went through');
      return error;
    };

    beforeAll(async () => {
      container = getContainer();
      proxy.hooksTarget = api.defaults.baseURL;
      store = await seedStore(container);
      container.resolve(Modules.EVENT_BUS).subscribe(REFUND_FAILED_EVENT, async (event: unknown) => {
        failedEvents.push(event);
      });
    });

    beforeEach(() => {
      proxy.refundMode = 'pass';
      proxy.dropHooks = false;
      proxy.releaseHooks();
    });

    it('boots Medusa with the refundkit provider, module and admin route', async () => {
      const providers = await api.get('/admin/payments/payment-providers', store.adminHeaders);
      expect(providers.data.payment_providers.map((p: { id: string }) => p.id)).toContain(PROVIDER_ID);
      const listed = await api.get('/admin/orders/order_missing/refundkit-refunds', store.adminHeaders);
      expect(listed.data).toEqual({
        order_id: 'order_missing',
        refund_failed: false,
        refunds: [],
        payments: [],
        reason_codes: expect.any(Object),
      });
      // medusa-config maps the store's own codes; the widget finds Medusa's refund reasons by them.
      expect(listed.data.reason_codes.duplicate).toEqual(
        expect.arrayContaining(['duplicate', 'double_charge']),
      );
      expect(listed.data.reason_codes.requested_by_customer).toEqual(
        expect.arrayContaining(['requested_by_customer', 'damaged']),
      );
    });

    it('keeps a declined BLIK payment from becoming an order, and the session payable', async () => {
      const { cartId, sessionId } = await startCheckout(api, store);
      const declined = await gateway.checkoutSessions.pay(sessionId, { blik_code: '000000' }).then(
        () => null,
        (error: { statusCode?: number }) => error,
      );
      expect(declined?.statusCode).toBe(402);
      const completing = await api.post(`/store/carts/${cartId}/complete`, {}, store.storeHeaders).then(
        (response: { data: { type: string } }) => response.data,
        (error: { response?: { status: number } }) => ({ type: 'error', status: error.response?.status }),
      );
      expect(completing.type).not.toBe('order');
      expect(await orderForCart(container, cartId)).toBeNull();
      const sessions = await container.resolve(Modules.PAYMENT).listPaymentSessions({});
      const session = sessions.find((s) => s.data?.session_id === sessionId);
      expect(session?.status).toBe('requires_more');
      expect((await gateway.checkoutSessions.retrieve(sessionId)).status).toBe('open');
    });

    it('lets go of an unpaid session when the cart changes and opens one for the new total', async () => {
      const { cartId, sessionId } = await startCheckout(api, store);
      await api.post(
        `/store/carts/${cartId}/line-items`,
        { variant_id: store.variantId, quantity: 1 },
        store.storeHeaders,
      );
      const { cart } = (
        await api.get(
          `/store/carts/${cartId}?fields=id,total,*payment_collection.payment_sessions`,
          store.storeHeaders,
        )
      ).data;
      expect(cart.total).toBe(300);
      const stale = (cart.payment_collection?.payment_sessions ?? []).filter(
        (s: { data?: { session_id?: string } }) => s.data?.session_id === sessionId,
      );
      expect(stale).toHaveLength(0);
      const { payment_collection: renewed } = (
        await api.post(
          `/store/payment-collections/${cart.payment_collection.id}/payment-sessions`,
          {
            provider_id: PROVIDER_ID,
            data: {
              customer_email: 'jan@example.pl',
              customer_firstname: 'Jan',
              customer_lastname: 'Kowalski',
            },
          },
          store.storeHeaders,
        )
      ).data;
      const fresh = await gateway.checkoutSessions.retrieve(renewed.payment_sessions[0].data.session_id);
      expect([fresh.amount_total, fresh.currency, fresh.status]).toEqual([30_000, 'pln', 'open']);
      expect(fresh.id).not.toBe(sessionId);

      // A signed "completed" about the new session, still open at the gateway: the re-fetch decides.
      expect((await sessionWebhook(fresh.id)).action).toBe('pending');
      // The customer pays the page of the session Medusa let go of (ConvergeGate cannot expire it).
      // Medusa must not be handed a session id it no longer has: its payment workflow would resolve
      // it to an arbitrary cart.
      await gateway.checkoutSessions.pay(sessionId, { blik_code: '123456' });
      expect(await sessionWebhook(sessionId)).toEqual({ action: 'not_supported' });
    });

    it('turns a BLIK payment into an order from the verified webhook alone (the customer never came back)', async () => {
      const { cartId, sessionId } = await startCheckout(api, store);
      await gateway.checkoutSessions.pay(sessionId, { blik_code: '123456' });
      // No cart completion from the storefront: checkout.session.completed -> the provider re-fetches
      // the session -> authorized -> Medusa completes the cart.
      const orderId = await waitFor('the order from the webhook', () => orderForCart(container, cartId));
      // The collection's status is settled just after the order exists.
      const order = await waitFor('the authorized payment', async () => {
        const body = (
          await api.get(`/admin/orders/${orderId}?fields=id,total,*payment_collections`, store.adminHeaders)
        ).data;
        return body.order.payment_collections[0]?.status === 'authorized' ? body.order : null;
      });
      expect(order.total).toBe(200);
    });

    it('ignores a forged refund webhook and trusts the gateway over a signed payload', async () => {
      const order = await placePaidOrder(api, container, gateway, store);
      proxy.dropHooks = true;
      expect((await refund(order.paymentId, 10)).status).toBe(200);
      const record = await waitFor(
        'the pending record',
        async () => (await refundkit().listForOrder(order.orderId))[0],
      );
      expect(record.status).toBe('pending');
      await waitFor('the gateway to settle the refund', async () => {
        const [atGateway] = await gatewayRefunds(gateway, order.sessionId);
        return atGateway?.status === 'succeeded';
      });
      const hook = `${api.defaults.baseURL}/hooks/payment/refundkit_refundkit`;
      const event = (type: string) =>
        JSON.stringify({
          id: `evt_${type}`,
          object: 'event',
          type,
          created_at: Math.floor(Date.now() / 1000),
          livemode: false,
          data: {
            object: { id: record.gateway_refund_id, status: 'failed', amount: 1_000, currency: 'pln' },
          },
        });
      const post = (body: string, headers: Record<string, string>) =>
        fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

      const forged = event('refund.requires_action');
      const badHeaders = await signWebhook(forged, { secretKey: 'sk_test_not_the_store_key' });
      expect(
        await refundkit().verifyWebhook({ rawData: Buffer.from(forged), headers: badHeaders }),
      ).toBeNull();
      const forgedSession = JSON.stringify({
        id: 'evt_forged_session',
        type: 'checkout.session.completed',
        data: { object: { id: order.sessionId } },
      });
      const sessionAction = await container.resolve(Modules.PAYMENT).getWebhookActionAndData({
        provider: 'refundkit_refundkit',
        payload: {
          data: JSON.parse(forgedSession),
          rawData: Buffer.from(forgedSession),
          headers: await signWebhook(forgedSession, { secretKey: 'sk_test_not_the_store_key' }),
        },
      });
      expect(sessionAction.action).toBe('not_supported');
      expect((await post(forged, badHeaders)).status).toBe(200);
      // A signed event that claims "failed" about a refund the gateway says succeeded.
      const signed = event('refund.failed');
      expect(
        await refundkit().verifyWebhook({
          rawData: signed,
          headers: await signWebhook(signed, { secretKey: server.keys.test }),
        }),
      ).toMatchObject({ type: 'refund.failed', objectId: record.gateway_refund_id });
      expect((await post(signed, await signWebhook(signed, { secretKey: server.keys.test }))).status).toBe(
        200,
      );

      const settled = await waitFor('the signed webhook to be applied', async () => {
        const [current] = await refundkit().listForOrder(order.orderId);
        return current?.status !== 'pending' ? current : null;
      });
      expect(settled.status).toBe('succeeded');
      expect(settled.history.entries.map((e) => e.source)).toEqual([
        'refund_payment',
        'webhook:refund.failed',
      ]);
      expect((await orderRefunds(order.orderId)).refund_failed).toBe(false);
    });

    it('gives the money back once when a paid, uncaptured order is canceled', async () => {
      const order = await placePaidOrder(api, container, gateway, store, { capture: false });
      await api.post(`/admin/orders/${order.orderId}/cancel`, {}, store.adminHeaders);
      const atGateway = await gatewayRefunds(gateway, order.sessionId);
      expect(atGateway.map((r) => [r.amount.amount, r.metadata.refundkit_key])).toEqual([
        [20_000, `medusa-cancel:${order.sessionId}`],
      ]);
      const { order: canceled } = (
        await api.get(`/admin/orders/${order.orderId}?fields=id,status`, store.adminHeaders)
      ).data;
      expect(canceled.status).toBe('canceled');
    });

    it('pays with BLIK, captures, refunds part through the admin API and tracks it to succeeded by webhook', async () => {
      const order = await placePaidOrder(api, container, gateway, store);
      const session = await gateway.checkoutSessions.retrieve(order.sessionId);
      expect(session.status).toBe('completed');
      expect(session.amount_total).toBe(20_000);

      // A refund reason with the store's own code, mapped to `duplicate` in medusa-config's options.
      const { refund_reason: reason } = (
        await api.post(
          '/admin/refund-reasons',
          { label: 'Charged twice', code: 'double_charge' },
          store.adminHeaders,
        )
      ).data;
      // The gateway settles at once (refundDelayMs 0), so its webhooks could beat Medusa's refund
      // subscriber and the record would start at `succeeded`. Held until the subscriber has recorded
      // the provider's answer, they come in the order this test tracks: pending, then the webhook.
      proxy.holdHooks();
      const response = await api.post(
        `/admin/payments/${order.paymentId}/refund`,
        { amount: 50, refund_reason_id: reason.id },
        store.adminHeaders,
      );
      expect(response.status).toBe(200);

      const payment = await medusaPayment(api, store, order.paymentId);
      expect(payment.refunds).toHaveLength(1);
      const first = await waitFor(
        'the refund subscriber to record the refund',
        async () => (await refundkit().listForOrder(order.orderId))[0],
      );
      expect(first.status).toBe('pending');
      proxy.releaseHooks();
      const listed = await waitFor('the refund to succeed', async () => {
        const body = await orderRefunds(order.orderId);
        const [first] = body.refunds;
        return first?.status === 'succeeded' && first.medusa_refund_id === payment.refunds[0]?.id
          ? body
          : null;
      });
      expect(listed.refund_failed).toBe(false);
      expect(listed.refunds).toHaveLength(1);
      expect(listed.refunds[0]).toMatchObject({
        amount: 5_000,
        currency_code: 'pln',
        status: 'succeeded',
        payment_id: order.paymentId,
        medusa_refund_id: payment.refunds[0]?.id,
      });
      const [record] = await refundkit().listForOrder(order.orderId);
      expect(record?.status).toBe('succeeded');
      expect(record?.history.entries.map((e) => e.status)).toEqual(['pending', 'succeeded']);
      // A webhook moved it (whichever refund.* event came first: the refund is re-fetched, so even
      // refund.created can bring the final status).
      expect(record?.history.entries.at(-1)?.source).toMatch(/^webhook:refund\./);

      const atGateway = await gatewayRefunds(gateway, order.sessionId);
      expect(atGateway.map((r) => [r.amount.amount, r.status, r.reason])).toEqual([
        [5_000, 'succeeded', 'duplicate'],
      ]);
      expect(listed.payments).toEqual([
        expect.objectContaining({ id: order.paymentId, amount: 20_000, captured: 20_000, refunded: 5_000 }),
      ]);
    });

    it('refuses an over-refund with a 400 in words and records nothing', async () => {
      const order = await placePaidOrder(api, container, gateway, store);
      // Medusa's own cap: more than was captured.
      const tooMuch = await refused(order.paymentId, 250);
      expect(tooMuch.status).toBe(400);
      expect(tooMuch.data.message).toMatch(/refund more than/i);

      // The gateway knows of a refund Medusa does not (made in the gateway's dashboard): core's rule
      // on the gateway's numbers refuses what Medusa alone would have allowed.
      await gateway.refunds.create({ paymentId: order.sessionId, amount: 15_000 });
      const beyondGateway = await refused(order.paymentId, 60);
      expect(beyondGateway.status).toBe(400);
      expect(beyondGateway.data.message).toContain('amount_exceeds_refundable');
      expect(beyondGateway.data.message).toMatch(
        /Refund of PLN\s60\.00 is more than the PLN\s50\.00 still refundable/,
      );

      expect((await medusaPayment(api, store, order.paymentId)).refunds).toHaveLength(0);
      expect((await orderRefunds(order.orderId)).refunds).toHaveLength(0);
      expect(await gatewayRefunds(gateway, order.sessionId)).toHaveLength(1);
    });

    it('pays a refund once when the gateway accepted it but the answer timed out and the admin retried', async () => {
      const order = await placePaidOrder(api, container, gateway, store);
      proxy.refundMode = 'hold';
      const timedOut = await refused(order.paymentId, 30);
      expect(timedOut.status).toBe(400);
      expect(timedOut.data.message).toMatch(/did not answer/);
      expect(proxy.held).toBeGreaterThanOrEqual(1);
      // Medusa deleted its refund row; the gateway has the refund.
      expect((await medusaPayment(api, store, order.paymentId)).refunds).toHaveLength(0);
      expect(await gatewayRefunds(gateway, order.sessionId)).toHaveLength(1);

      proxy.refundMode = 'pass';
      const retried = await refund(order.paymentId, 30);
      expect(retried.status).toBe(200);

      const atGateway = await gatewayRefunds(gateway, order.sessionId);
      expect(atGateway).toHaveLength(1);
      expect(atGateway[0]?.amount.amount).toBe(3_000);
      const payment = await medusaPayment(api, store, order.paymentId);
      expect(payment.refunds).toHaveLength(1);
      const listed = await waitFor('the refund record', async () => {
        const body = await orderRefunds(order.orderId);
        const [first] = body.refunds;
        return first?.status === 'succeeded' && first.medusa_refund_id === payment.refunds[0]?.id
          ? body
          : null;
      });
      expect(listed.refunds).toHaveLength(1);
      expect(listed.refunds[0]).toMatchObject({
        gateway_refund_id: atGateway[0]?.id,
        medusa_refund_id: payment.refunds[0]?.id,
        amount: 3_000,
      });
    });

    const adminRefund = (paymentId: string, body: Record<string, unknown>, key?: string) =>
      api.post(`/admin/payments/${paymentId}/refundkit-refunds`, body, {
        headers: { ...store.adminHeaders.headers, ...(key ? { 'idempotency-key': key } : {}) },
      });
    const adminRefused = async (paymentId: string, body: Record<string, unknown>, key?: string) => {
      const error = await adminRefund(paymentId, body, key).then(
        () => null,
        (e: { response?: { status: number; data: { message: string; code?: string } } }) => e.response,
      );
      if (!error) throw new Error('the refund went through');
      return error;
    };

    it('answers two admins refunding at once each with the refund they made, under their own keys', async () => {
      const order = await placePaidOrder(api, container, gateway, store);
      const keysBefore = proxy.refundKeys.length;
      const answer = (e: { response?: unknown }) => e.response as Awaited<ReturnType<typeof adminRefund>>;
      const [first, second] = await Promise.all([
        adminRefund(order.paymentId, { amount: 3_000 }, 'admin-a-attempt-1').catch(answer),
        adminRefund(order.paymentId, { amount: 4_500 }, 'admin-b-attempt-1').catch(answer),
      ]);
      expect([first.status, first.data.message, second.status, second.data.message]).toEqual([
        200,
        undefined,
        200,
        undefined,
      ]);
      expect(first.data.refund).toMatchObject({ amount: 3_000, payment_id: order.paymentId });
      expect(second.data.refund).toMatchObject({ amount: 4_500, payment_id: order.paymentId });
      expect(first.data.refund.gateway_refund_id).not.toBe(second.data.refund.gateway_refund_id);
      expect(first.data.refund.medusa_refund_id).not.toBe(second.data.refund.medusa_refund_id);
      expect(first.headers['idempotent-replayed']).toBe('false');

      // Each Medusa refund row is the one its response names, with its own amount.
      const payment = await medusaPayment(api, store, order.paymentId);
      const rows = new Map(payment.refunds.map((row) => [row.id, Number(row.amount)]));
      expect(rows.get(first.data.refund.medusa_refund_id)).toBe(30);
      expect(rows.get(second.data.refund.medusa_refund_id)).toBe(45);
      // The admins' keys reached the gateway as its idempotency keys.
      expect(proxy.refundKeys.slice(keysBefore).sort()).toEqual(['admin-a-attempt-1', 'admin-b-attempt-1']);
      const atGateway = await gatewayRefunds(gateway, order.sessionId);
      expect(
        new Map(
          atGateway.map((refund) => [refund.id, [refund.amount.amount, refund.metadata.refundkit_key]]),
        ),
      ).toEqual(
        new Map([
          [first.data.refund.gateway_refund_id, [3_000, 'admin-a-attempt-1']],
          [second.data.refund.gateway_refund_id, [4_500, 'admin-b-attempt-1']],
        ]),
      );
    });

    it('pays an admin attempt once however it is retried with its key: after a timeout, after success, at once', async () => {
      const order = await placePaidOrder(api, container, gateway, store);
      proxy.refundMode = 'hold';
      const timedOut = await adminRefused(order.paymentId, { amount: 2_500 }, 'admin-retry-1');
      expect(timedOut.status).toBe(400);
      expect(timedOut.data.message).toMatch(/did not answer/);
      // Medusa deleted its refund row; the gateway has the refund.
      expect((await medusaPayment(api, store, order.paymentId)).refunds).toHaveLength(0);
      expect(await gatewayRefunds(gateway, order.sessionId)).toHaveLength(1);

      proxy.refundMode = 'pass';
      const retried = await adminRefund(order.paymentId, { amount: 2_500 }, 'admin-retry-1');
      expect(retried.status).toBe(200);
      expect(retried.headers['idempotent-replayed']).toBe('false');
      const [atGateway] = await gatewayRefunds(gateway, order.sessionId);
      expect(retried.data.refund).toMatchObject({ amount: 2_500, gateway_refund_id: atGateway?.id });

      // The answer was lost and the admin retried again, twice at once: the same refund, nothing new.
      const again = await Promise.all([
        adminRefund(order.paymentId, { amount: 2_500 }, 'admin-retry-1'),
        adminRefund(order.paymentId, { amount: 2_500 }, 'admin-retry-1'),
      ]);
      for (const response of again) {
        expect(response.headers['idempotent-replayed']).toBe('true');
        expect(response.data.refund.id).toBe(retried.data.refund.id);
      }
      // The key stands for that refund only.
      const reused = await adminRefused(order.paymentId, { amount: 1_000 }, 'admin-retry-1');
      expect([reused.status, reused.data.code]).toEqual([400, 'idempotency_key_reused']);

      expect(await gatewayRefunds(gateway, order.sessionId)).toHaveLength(1);
      const payment = await medusaPayment(api, store, order.paymentId);
      expect(payment.refunds.map((row) => row.id)).toEqual([retried.data.refund.medusa_refund_id]);
    });

    it('refuses a malformed admin refund in words, and makes nothing', async () => {
      const order = await placePaidOrder(api, container, gateway, store);
      const cases: [Record<string, unknown>, string | undefined, RegExp][] = [
        [{ amount: 12.5 }, undefined, /`amount`: a positive integer in minor units/],
        [{ amount: 0 }, undefined, /`amount`/],
        [{}, undefined, /`amount`/],
        [{ amount: 100, currency: 'pln' }, undefined, /Unknown field\(s\) currency/],
        [{ amount: 100 }, 'has space', /Idempotency-Key header/],
      ];
      for (const [body, key, message] of cases) {
        const error = await adminRefused(order.paymentId, body, key);
        expect(error.status).toBe(400);
        expect(error.data.message).toMatch(message);
      }
      const missing = await adminRefused('pay_missing', { amount: 100 });
      expect(missing.status).toBe(404);
      expect((await medusaPayment(api, store, order.paymentId)).refunds).toHaveLength(0);
      expect(await gatewayRefunds(gateway, order.sessionId)).toHaveLength(0);
    });

    it('flags the order and emits an event when the gateway fails a refund (found by the poll)', async () => {
      const order = await placePaidOrder(api, container, gateway, store);
      proxy.refundMode = 'fail';
      proxy.dropHooks = true;
      expect((await refund(order.paymentId, 20)).status).toBe(200);
      const gatewayId = await waitFor('the pending record', async () => {
        const [record] = await refundkit().listForOrder(order.orderId);
        return record?.gateway_refund_id;
      });
      await waitFor('the gateway to fail the refund', async () => {
        const [atGateway] = await gatewayRefunds(gateway, order.sessionId);
        return atGateway?.status === 'failed';
      });

      // No webhook reached the store: the scheduled job's poll finds the failure.
      expect(await syncOpenRefunds(container)).toBeGreaterThanOrEqual(1);
      const listed = await orderRefunds(order.orderId);
      expect(listed.refund_failed).toBe(true);
      expect(listed.refunds[0]).toMatchObject({ gateway_refund_id: gatewayId, status: 'failed' });
      expect(listed.refunds[0].failure_reason).toEqual(expect.any(String));
      expect(listed.refunds[0].history.at(-1)).toMatchObject({ status: 'failed', source: 'poll' });

      const { order: flagged } = (
        await api.get(`/admin/orders/${order.orderId}?fields=id,metadata`, store.adminHeaders)
      ).data;
      expect(flagged.metadata).toMatchObject({
        refundkit_refund_failed: true,
        refundkit_failed_refunds: [gatewayId],
      });
      await waitFor('the refundkit.refund.failed event', async () =>
        failedEvents.some((event) => JSON.stringify(event).includes(gatewayId)),
      );
      // A second poll changes nothing and emits nothing more.
      expect(await syncOpenRefunds(container)).toBe(0);
      expect(failedEvents.filter((event) => JSON.stringify(event).includes(gatewayId))).toHaveLength(1);
    });

    it('polls every open refund a page at a time, within the bounds it is given', async () => {
      const order = await placePaidOrder(api, container, gateway, store);
      proxy.dropHooks = true;
      for (const amount of [10, 20, 30]) expect((await refund(order.paymentId, amount)).status).toBe(200);
      const ids = await waitFor('three pending records', async () => {
        const records = await refundkit().listForOrder(order.orderId);
        return records.length === 3 && records.every((r) => r.status === 'pending')
          ? records.map((r) => r.gateway_refund_id)
          : null;
      });
      await waitFor('the gateway to settle them', async () => {
        const atGateway = await gatewayRefunds(gateway, order.sessionId);
        return atGateway.length === 3 && atGateway.every((r) => r.status === 'succeeded');
      });

      // One refund per page, one call at a time: the cursor has to carry the poll across three pages.
      expect(await syncOpenRefunds(container, { pageSize: 1, concurrency: 1 })).toBeGreaterThanOrEqual(3);
      const records = await refundkit().listForOrder(order.orderId);
      expect(records.map((r) => [r.gateway_refund_id, r.status]).sort()).toEqual(
        ids.map((id) => [id, 'succeeded']).sort(),
      );
      for (const record of records) expect(record.history.entries.at(-1)?.source).toBe('poll');
      expect(await syncOpenRefunds(container, { pageSize: 1, concurrency: 1 })).toBe(0);
    });
  },
});
