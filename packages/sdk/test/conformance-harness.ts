import type { Refund, RefundReason } from '@refundkit/core';
import {
  type AnyRefundkitClient,
  checkoutRefunds,
  convergeGateRefunds,
  createCheckoutClient,
  createClient,
  createStripeClient,
  type RefundAdapter,
  type RefundResult,
  type RefundsResource,
  stripeRefunds,
} from '../src/index.js';
import { clientFor, type Delivery, paidSession, type Receiver, type RunningServer } from './helpers.js';

/** What the sandbox makes a payment's refunds end in. */
export type Outcome = 'succeeded' | 'failed' | 'requires_action';

/** What a conformance scenario needs from a dialect, expressed without the dialect's words. */
export interface Harness {
  readonly dialect: 'convergegate' | 'stripe' | 'checkout';
  readonly client: AnyRefundkitClient;
  // biome-ignore lint/suspicious/noExplicitAny: each dialect's resource carries its own raw type.
  readonly refunds: RefundsResource<any>;
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  readonly adapter: RefundAdapter<any>;
  /** The same account's client with another secret key. */
  withKey(secretKey: string): AnyRefundkitClient;
  /**
   * A paid payment of `amount` minor units in EUR: its webhooks sent to `receiver` when given, its
   * refunds ending in `outcome` (the dialect's own sandbox trigger; default succeeded).
   */
  paid(amount: number, options?: { receiver?: Receiver; outcome?: Outcome }): Promise<string>;
  /** The outcomes the dialect's sandbox can produce. */
  readonly outcomes: readonly Outcome[];
  /** What a refund request adds to end in `outcome` where the trigger is per refund (ConvergeGate). */
  refundExtras(outcome: Outcome): { metadata?: Record<string, string> };
  /** Cancels a refund, where the dialect can (Stripe, in requires_action). */
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  readonly cancel?: (id: string) => Promise<RefundResult<any>>;
  /** A refund id of the dialect's shape that does not exist. */
  readonly missingRefundId: string;
  /** Verifies a delivery with the SDK and returns the refund it announces. */
  verify(delivery: Delivery, body?: Buffer): Promise<{ type: string; refund: Refund | null }>;
  /** Codes the dialect answers with for each refusal. */
  readonly codes: { overRefund: string; alreadyRefunded: string };
}

const backoff = { initialMs: 20, maxMs: 200 };

export async function harnesses(server: RunningServer): Promise<Harness[]> {
  const cg = clientFor(server);
  const urls = { stripe: `${server.url}/stripe`, checkout: `${server.url}/checkout` };
  // The per-dialect factories, so both ways of building a client are under the same scenarios.
  const stripe = createStripeClient({ baseUrl: urls.stripe, secretKey: server.keys.test, backoff });
  const checkout = createCheckoutClient({ baseUrl: urls.checkout, secretKey: server.keys.test, backoff });
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

  // Stripe's test cards whose refunds end a given way (the server's documented sandbox).
  const cards: Record<Outcome, string> = {
    succeeded: 'pm_card_visa',
    failed: 'pm_card_refundFail',
    requires_action: 'pm_card_refundRequiresAction',
  };

  return [
    {
      dialect: 'convergegate',
      client: cg,
      refunds: cg.refunds,
      adapter: convergeGateRefunds,
      withKey: (secretKey) => clientFor(server, { secretKey }),
      async paid(amount, options = {}) {
        return (await paidSession(cg, amount, 'eur', options.receiver?.url)).id;
      },
      outcomes: ['succeeded', 'failed', 'requires_action'],
      refundExtras: (outcome) => ({ metadata: { sandbox_outcome: outcome } }),
      missingRefundId: 'missing-refund',
      async verify(delivery, body = delivery.body) {
        const event = await cg.webhooks.parse(body, delivery.headers);
        return { type: event.type, refund: event.refund };
      },
      codes: { overRefund: 'amount_exceeds_refundable', alreadyRefunded: 'already_refunded' },
    },
    {
      dialect: 'stripe',
      client: stripe,
      refunds: stripe.refunds,
      adapter: stripeRefunds,
      withKey: (secretKey) => createClient({ dialect: 'stripe', baseUrl: urls.stripe, secretKey, backoff }),
      async paid(amount, options = {}) {
        if (options.receiver) await endpoint('stripe', options.receiver.url);
        const intent = await stripe.request<{ id: string }>({
          method: 'POST',
          path: '/v1/payment_intents',
          body: {
            amount,
            currency: 'eur',
            payment_method: cards[options.outcome ?? 'succeeded'],
            confirm: true,
          },
        });
        return intent.data.id;
      },
      outcomes: ['succeeded', 'failed', 'requires_action'],
      refundExtras: () => ({}),
      cancel: (id) => stripe.refunds.cancel(id),
      missingRefundId: 're_missing',
      async verify(delivery, body = delivery.body) {
        const event = await stripe.webhooks.parse(body, delivery.headers, {
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
      adapter: checkoutRefunds,
      withKey: (secretKey) =>
        createClient({ dialect: 'checkout', baseUrl: urls.checkout, secretKey, backoff }),
      async paid(amount, options = {}) {
        if (options.receiver) await endpoint('checkout', options.receiver.url);
        const created = await checkout.request<{ id: string }>({
          method: 'POST',
          path: '/api/checkouts',
          body: { amount, currency: 'EUR' },
        });
        await checkout.request({
          method: 'POST',
          path: `/api/checkouts/${created.data.id}/sandbox/pay`,
          body: options.outcome ? { refund_outcome: options.outcome } : {},
        });
        return created.data.id;
      },
      outcomes: ['succeeded', 'failed'],
      refundExtras: () => ({}),
      missingRefundId: 'rfd_missing',
      async verify(delivery, body = delivery.body) {
        const event = await checkout.webhooks.parse(body, delivery.headers, {
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
