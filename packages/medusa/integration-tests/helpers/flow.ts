import type { MedusaContainer } from '@medusajs/framework/types';
import { ContainerRegistrationKeys } from '@medusajs/framework/utils';
import type { MedusaSuiteOptions } from '@medusajs/test-utils';
import type { RefundkitClient } from '@refundkit/sdk';
import { PROVIDER_ID, type StoreFixture } from './store';

/** test-utils' axios instance on the booted app. */
export type Api = MedusaSuiteOptions['api'];

export interface PaidOrder {
  orderId: string;
  paymentId: string;
  /** The ConvergeGate checkout session. */
  sessionId: string;
}

/** Polls until `check` returns something truthy; generous by default for a loaded 2-core machine. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

async function orderForCart(container: MedusaContainer, cartId: string): Promise<string | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const { data } = await query.graph({
    entity: 'order_cart',
    fields: ['order_id'],
    filters: { cart_id: cartId },
  });
  return (data[0] as { order_id?: string } | undefined)?.order_id ?? null;
}

/** A cart for two mugs (200 PLN) with a BLIK payment session at ConvergeGate. */
export async function startCheckout(
  api: Api,
  store: StoreFixture,
): Promise<{ cartId: string; sessionId: string }> {
  const { cart } = (
    await api.post(
      '/store/carts',
      {
        region_id: store.regionId,
        sales_channel_id: store.salesChannelId,
        email: 'jan@example.pl',
        items: [{ variant_id: store.variantId, quantity: 2 }],
      },
      store.storeHeaders,
    )
  ).data;
  const { payment_collection: collection } = (
    await api.post('/store/payment-collections', { cart_id: cart.id }, store.storeHeaders)
  ).data;
  const { payment_collection: withSession } = (
    await api.post(
      `/store/payment-collections/${collection.id}/payment-sessions`,
      {
        provider_id: PROVIDER_ID,
        data: { customer_email: 'jan@example.pl', customer_firstname: 'Jan', customer_lastname: 'Kowalski' },
      },
      store.storeHeaders,
    )
  ).data;
  return { cartId: cart.id, sessionId: withSession.payment_sessions[0].data.session_id as string };
}

/**
 * A customer's whole way to a paid order: cart, BLIK payment session, the code entered at the
 * gateway, the cart completed; then (unless told otherwise) the merchant captures it in the admin.
 */
export async function placePaidOrder(
  api: Api,
  container: MedusaContainer,
  gateway: RefundkitClient,
  store: StoreFixture,
  options: { capture?: boolean } = {},
): Promise<PaidOrder> {
  const { cartId, sessionId } = await startCheckout(api, store);
  const paid = await gateway.checkoutSessions.pay(sessionId, { blik_code: '123456' });
  if (paid.status !== 'completed') throw new Error(`the sandbox BLIK code left the session ${paid.status}`);

  // The gateway's checkout.session.completed webhook may complete the cart first; either way one order.
  let refused: unknown = null;
  try {
    await api.post(`/store/carts/${cartId}/complete`, {}, store.storeHeaders);
  } catch (error) {
    refused = error;
  }
  const orderId = await waitFor('the order', () => orderForCart(container, cartId)).catch(
    (error: unknown) => {
      throw refused ?? error;
    },
  );
  const { order } = (
    await api.get(
      `/admin/orders/${orderId}?fields=id,*payment_collections,*payment_collections.payments`,
      store.adminHeaders,
    )
  ).data;
  const paymentId = order.payment_collections[0].payments[0].id as string;
  if (options.capture !== false)
    await api.post(`/admin/payments/${paymentId}/capture`, {}, store.adminHeaders);
  return { orderId, paymentId, sessionId };
}

export { orderForCart };

export interface MedusaPayment {
  id: string;
  refunds: { id: string; amount: number }[];
}

export async function medusaPayment(
  api: Api,
  store: StoreFixture,
  paymentId: string,
): Promise<MedusaPayment> {
  return (await api.get(`/admin/payments/${paymentId}?fields=id,*refunds`, store.adminHeaders)).data.payment;
}

/** Every refund the gateway holds for a session, straight from the gateway. */
export async function gatewayRefunds(gateway: RefundkitClient, sessionId: string) {
  const page = await gateway.refunds.list({ paymentId: sessionId, limit: 100 });
  const all = [];
  for await (const refund of page) all.push(refund);
  return all;
}
