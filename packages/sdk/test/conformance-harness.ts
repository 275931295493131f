import type { Refund, RefundReason } from '@refundkit/core';
import { type AnyRefundkitClient, createClient, type RefundsResource } from '../src/index.js';
import { clientFor, type Delivery, paidSession, type Receiver, type RunningServer } from './helpers.js';

/** What a conformance scenario needs from a dialect, expressed without the dialect's words. */
export interface Harness {
  readonly dialect: 'convergegate' | 'stripe' | 'checkout';
  readonly client: AnyRefundkitClient;
  // biome-ignore lint/suspicious/noExplicitAny: each dialect's resource carries its own raw type.
  readonly refunds: RefundsResource<any>;
  /** A paid payment of `amount` minor units in EUR, its webhooks sent to `receiver` when given. */
  paid(amount: number, receiver?: Receiver): Promise<string>;
  /** The dialect's own spelling of a canonical reason on the raw object. */
  rawReason(raw: Record<string, unknown>): unknown;
  /** Verifies a delivery with the SDK and returns the refund it announces. */
  verify(delivery: Delivery): Promise<{ type: string; refund: Refund | null }>;
  /** Codes the dialect answers with for each refusal. */
  readonly codes: { overRefund: string; alreadyRefunded: string };
}

const backoff = { initialMs: 20, maxMs: 200 };

export async function harnesses(server: RunningServer): Promise<Harness[]> {
  const cg = clientFor(server);
  const stripe = createClient({
    dialect: 'stripe',
    baseUrl: `${server.url}/stripe`,
    secretKey: server.keys.test,
    backoff,
  });
  const checkout = createClient({
    dialect: 'checkout',
    baseUrl: `${server.url}/checkout`,
    secretKey: server.keys.test,
    backoff,
  });
  // Endpoint secrets per receiver url, registered once.
  const secrets = new Map<string, string>();
  const endpoint = async (dialect: 'stripe' | 'checkout', url: string) => {
    const known = secrets.get(`${dialect} ${url}`);
    if (known) return known;
    const response =
      dialect === 'stripe'
        ? await stripe.request<{ secret: string }>({
            method: 'POST',
            path: '/v1/webhook_endpoints',
            body: { url, enabled_events: ['*'] },
          })
        : await checkout.request<{ secret: string }>({
            method: 'POST',
            path: '/api/webhooks',
            body: { url },
          });
    secrets.set(`${dialect} ${url}`, response.data.secret);
    return response.data.secret;
  };
  const secretOf = (dialect: 'stripe' | 'checkout', delivery: Delivery) =>
    secrets.get(`${dialect} http://${delivery.headers.host}${delivery.path}`) ?? '';

  return [
    {
      dialect: 'convergegate',
      client: cg,
      refunds: cg.refunds,
      async paid(amount, receiver) {
        return (await paidSession(cg, amount, 'eur', receiver?.url)).id;
      },
      rawReason: (raw) => raw['reason'],
      async verify(delivery) {
        const event = await cg.webhooks.parse(delivery.body, delivery.headers);
        return { type: event.type, refund: event.refund };
      },
      codes: { overRefund: 'amount_exceeds_refundable', alreadyRefunded: 'already_refunded' },
    },
    {
      dialect: 'stripe',
      client: stripe,
      refunds: stripe.refunds,
      async paid(amount, receiver) {
        if (receiver) await endpoint('stripe', receiver.url);
        const intent = await stripe.request<{ id: string }>({
          method: 'POST',
          path: '/v1/payment_intents',
          body: { amount, currency: 'eur', payment_method: 'pm_card_visa', confirm: true },
        });
        return intent.data.id;
      },
      rawReason: (raw) => raw['reason'],
      async verify(delivery) {
        const event = await stripe.webhooks.parse(delivery.body, delivery.headers, {
          secret: secretOf('stripe', delivery),
        });
        return { type: event.type, refund: event.refund };
      },
      codes: { overRefund: 'amount_too_large', alreadyRefunded: 'charge_already_refunded' },
    },
    {
      dialect: 'checkout',
      client: checkout,
      refunds: checkout.refunds,
      async paid(amount, receiver) {
        if (receiver) await endpoint('checkout', receiver.url);
        const created = await checkout.request<{ id: string }>({
          method: 'POST',
          path: '/api/checkouts',
          body: { amount, currency: 'EUR' },
        });
        await checkout.request({
          method: 'POST',
          path: `/api/checkouts/${created.data.id}/sandbox/pay`,
          body: {},
        });
        return created.data.id;
      },
      rawReason: (raw) => raw['reason'],
      async verify(delivery) {
        const event = await checkout.webhooks.parse(delivery.body, delivery.headers, {
          secret: secretOf('checkout', delivery),
        });
        return { type: event.type, refund: event.refund };
      },
      codes: { overRefund: 'amount_exceeds_refundable', alreadyRefunded: 'already_refunded' },
    },
  ];
}

/** Canonical reason -> the word each dialect puts on its refund objects. */
export const REASON_ON_WIRE: Record<Harness['dialect'], Partial<Record<RefundReason, string>>> = {
  convergegate: { duplicate: 'duplicated' },
  stripe: { duplicate: 'duplicate' },
  checkout: { duplicate: 'duplicate' },
};
