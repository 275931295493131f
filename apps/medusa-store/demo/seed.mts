import type { RefundkitClient } from '@refundkit/sdk';
import type { MedusaApi } from './medusa-api.mjs';

export const PROVIDER_ID = 'pp_refundkit_refundkit';
const REGION = 'Polska';
const CHANNEL = 'Refundkit demo shop';
const KEY_TITLE = 'Refundkit demo storefront';
const HANDLE = 'kubek-refundkit';

/** Refund reasons whose codes the plugin maps (packages/medusa README, "Options"). */
const REASONS = [
  { code: 'requested_by_customer', label: 'Customer asked for a refund' },
  { code: 'duplicate', label: 'Charged twice' },
  { code: 'fraudulent', label: 'Fraudulent payment' },
];

export interface SeededOrder {
  id: string;
  display_id: number;
  payment_id: string;
  session_id: string;
  story: string;
}

export interface SeedResult {
  publishableKey: string;
  regionId: string;
  /** Orders made by this start; empty when an earlier start made them. */
  created: SeededOrder[];
  /** Orders the store has (after seeding). */
  orderCount: number;
}

async function findOrCreate<T extends { id: string }>(
  list: () => Promise<T[]>,
  create: () => Promise<T>,
): Promise<T> {
  const [found] = await list();
  return found ?? create();
}

/**
 * What a merchant would set up by hand, through Medusa's own API: a PLN region with the refundkit
 * provider, a sales channel with a publishable key, a product, refund reasons with the codes the
 * plugin maps, and (once) three BLIK orders paid at the gateway and captured — one partly refunded,
 * one untouched, one whose refund the bank rejected. Every step finds what an earlier start made.
 */
export async function seedStore(
  api: MedusaApi,
  gateway: RefundkitClient,
  setKey: (key: string) => void,
  log: (line: string) => void,
): Promise<SeedResult> {
  const channel = await findOrCreate(
    async () =>
      (
        await api.admin<{ sales_channels: { id: string }[] }>(
          'GET',
          `/admin/sales-channels?name=${encodeURIComponent(CHANNEL)}`,
        )
      ).sales_channels,
    async () =>
      (
        await api.admin<{ sales_channel: { id: string } }>('POST', '/admin/sales-channels', {
          name: CHANNEL,
          description: 'Where the demo orders are placed.',
        })
      ).sales_channel,
  );
  const key = await findOrCreate(
    async () =>
      (
        await api.admin<{ api_keys: { id: string; title: string; token: string }[] }>(
          'GET',
          '/admin/api-keys?type=publishable&limit=100',
        )
      ).api_keys.filter((k) => k.title === KEY_TITLE),
    async () => {
      const { api_key: created } = await api.admin<{ api_key: { id: string; title: string; token: string } }>(
        'POST',
        '/admin/api-keys',
        { title: KEY_TITLE, type: 'publishable' },
      );
      await api.admin('POST', `/admin/api-keys/${created.id}/sales-channels`, { add: [channel.id] });
      return created;
    },
  );
  setKey(key.token);

  const { stores } = await api.admin<{
    stores: { id: string; supported_currencies?: { currency_code: string }[] }[];
  }>('GET', '/admin/stores?fields=id,*supported_currencies');
  const store = stores[0];
  if (store && !(store.supported_currencies ?? []).some((c) => c.currency_code === 'pln')) {
    await api.admin('POST', `/admin/stores/${store.id}`, {
      name: 'Refundkit demo store',
      supported_currencies: [{ currency_code: 'pln', is_default: true }],
    });
  }

  const region = await findOrCreate(
    async () =>
      (
        await api.admin<{ regions: { id: string; name: string }[] }>('GET', '/admin/regions?limit=100')
      ).regions.filter((r) => r.name === REGION),
    async () =>
      (
        await api.admin<{ region: { id: string; name: string } }>('POST', '/admin/regions', {
          name: REGION,
          currency_code: 'pln',
          countries: ['pl'],
          payment_providers: [PROVIDER_ID],
        })
      ).region,
  );

  const { refund_reasons: reasons } = await api.admin<{ refund_reasons: { id: string; code: string }[] }>(
    'GET',
    '/admin/refund-reasons?limit=100',
  );
  const reasonIds: Record<string, string> = {};
  for (const reason of REASONS) {
    const found = reasons.find((r) => r.code === reason.code);
    reasonIds[reason.code] =
      found?.id ??
      (await api.admin<{ refund_reason: { id: string } }>('POST', '/admin/refund-reasons', reason))
        .refund_reason.id;
  }

  const variantId = (
    await findOrCreate(
      async () =>
        (
          await api.admin<{ products: { id: string; variants: { id: string }[] }[] }>(
            'GET',
            `/admin/products?handle=${HANDLE}&fields=id,*variants`,
          )
        ).products,
      async () =>
        (
          await api.admin<{ product: { id: string; variants: { id: string }[] } }>(
            'POST',
            '/admin/products',
            {
              title: 'Kubek BLIK',
              handle: HANDLE,
              description: 'A mug, paid with BLIK through ConvergeGate.',
              status: 'published',
              options: [{ title: 'Size', values: ['one'] }],
              sales_channels: [{ id: channel.id }],
              variants: [
                {
                  title: 'Kubek BLIK',
                  options: { Size: 'one' },
                  manage_inventory: false,
                  prices: [{ amount: 100, currency_code: 'pln' }],
                },
              ],
            },
          )
        ).product,
    )
  ).variants[0]?.id;
  if (!variantId) throw new Error('The demo product has no variant.');

  const { count } = await api.admin<{ count: number }>('GET', '/admin/orders?limit=1&fields=id');
  const created: SeededOrder[] = [];
  if (count === 0) {
    const buyers = [
      { first: 'Jan', last: 'Kowalski', story: 'captured, PLN 50.00 refunded (charged twice)' },
      { first: 'Anna', last: 'Nowak', story: 'captured, nothing refunded yet' },
      { first: 'Piotr', last: 'Wiśniewski', story: 'captured, a PLN 20.00 refund the bank rejected' },
    ];
    for (const [index, buyer] of buyers.entries()) {
      const order = await placeOrder(api, gateway, {
        regionId: region.id,
        channelId: channel.id,
        variantId,
        email: `${buyer.first.toLowerCase()}.${index + 1}@example.pl`,
        first: buyer.first,
        last: buyer.last,
        story: buyer.story,
      });
      if (index === 0) {
        await api.admin('POST', `/admin/payments/${order.payment_id}/refund`, {
          amount: 50,
          refund_reason_id: reasonIds.duplicate,
          note: 'Seeded by the demo: the customer was charged twice.',
        });
      }
      if (index === 2) {
        // Made at the gateway (its dashboard, say), tied to the Medusa payment: the plugin picks it up
        // from the refund.* webhook. The sandbox outcome makes the bank reject it a moment later.
        await gateway.refunds.create({
          paymentId: order.session_id,
          amount: 2_000,
          reason: 'requested_by_customer',
          metadata: { medusa_payment_id: order.payment_id, sandbox_outcome: 'failed' },
        });
      }
      log(`order #${order.display_id}: ${order.story}`);
      created.push(order);
    }
  }
  const after =
    count === 0
      ? (await api.admin<{ count: number }>('GET', '/admin/orders?limit=1&fields=id')).count
      : count;
  return { publishableKey: key.token, regionId: region.id, created, orderCount: after };
}

async function placeOrder(
  api: MedusaApi,
  gateway: RefundkitClient,
  input: {
    regionId: string;
    channelId: string;
    variantId: string;
    email: string;
    first: string;
    last: string;
    story: string;
  },
): Promise<SeededOrder> {
  const { cart } = await api.store<{ cart: { id: string } }>('POST', '/store/carts', {
    region_id: input.regionId,
    sales_channel_id: input.channelId,
    email: input.email,
    items: [{ variant_id: input.variantId, quantity: 2 }],
  });
  const { payment_collection: collection } = await api.store<{ payment_collection: { id: string } }>(
    'POST',
    '/store/payment-collections',
    { cart_id: cart.id },
  );
  const { payment_collection: withSession } = await api.store<{
    payment_collection: { payment_sessions: { data: { session_id: string } }[] };
  }>('POST', `/store/payment-collections/${collection.id}/payment-sessions`, {
    provider_id: PROVIDER_ID,
    data: { customer_email: input.email, customer_firstname: input.first, customer_lastname: input.last },
  });
  const sessionId = withSession.payment_sessions[0]?.data.session_id;
  if (!sessionId) throw new Error('Medusa opened no payment session at the gateway.');
  // The customer enters a BLIK code on ConvergeGate's page (the sandbox accepts 123456).
  await gateway.checkoutSessions.pay(sessionId, { blik_code: '123456' });
  const completed = await api.store<{ type: string; order?: { id: string; display_id: number } }>(
    'POST',
    `/store/carts/${cart.id}/complete`,
  );
  if (completed.type !== 'order' || !completed.order)
    throw new Error(`The paid cart ${cart.id} did not become an order.`);
  const { order } = await api.admin<{ order: { payment_collections: { payments: { id: string }[] }[] } }>(
    'GET',
    `/admin/orders/${completed.order.id}?fields=id,*payment_collections.payments`,
  );
  const paymentId = order.payment_collections[0]?.payments[0]?.id;
  if (!paymentId) throw new Error(`Order ${completed.order.id} has no payment.`);
  await api.admin('POST', `/admin/payments/${paymentId}/capture`, {});
  return {
    id: completed.order.id,
    display_id: completed.order.display_id,
    payment_id: paymentId,
    session_id: sessionId,
    story: input.story,
  };
}
