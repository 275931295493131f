import type { RefundReason } from '@refundkit/core';
import type { CheckoutSession, RefundkitClient } from '@refundkit/sdk';

export interface SeedRefund {
  /** Stable name, kept in the refund's metadata as `seed`: how a later start recognizes it. */
  readonly seed: string;
  readonly amount: number;
  readonly reason: RefundReason;
  readonly note?: string;
  /** The server's sandbox trigger (metadata `sandbox_outcome`); succeeded when omitted. */
  readonly outcome?: 'failed' | 'requires_action';
}

export interface SeedPayment {
  readonly seed: string;
  /** Minor units. */
  readonly amount: number;
  readonly currency: string;
  readonly firstname: string;
  readonly lastname: string;
  readonly email: string;
  readonly country: string;
  readonly locale: string;
  readonly description: string;
  readonly refunds: readonly SeedRefund[];
}

/** Realistic completed orders in five currencies (exponents 2, 0 and 3), some partly refunded, one failing. */
export const SEED: readonly SeedPayment[] = [
  {
    seed: 'order-1041',
    amount: 5000,
    currency: 'PLN',
    firstname: 'Tomasz',
    lastname: 'Wiśniewski',
    email: 'tomasz.wisniewski@example.pl',
    country: 'PL',
    locale: 'pl',
    description: 'Order #1041 · gift card',
    refunds: [{ seed: 'order-1041-r1', amount: 5000, reason: 'duplicate', note: 'Paid twice' }],
  },
  {
    seed: 'order-1042',
    amount: 45999,
    currency: 'PLN',
    firstname: 'Anna',
    lastname: 'Kowalska',
    email: 'anna.kowalska@example.pl',
    country: 'PL',
    locale: 'pl',
    description: 'Order #1042 · wool coat',
    refunds: [
      { seed: 'order-1042-r1', amount: 10000, reason: 'requested_by_customer', note: 'Belt missing' },
    ],
  },
  {
    seed: 'order-1043',
    amount: 24990,
    currency: 'EUR',
    firstname: 'Marie',
    lastname: 'Dubois',
    email: 'marie.dubois@example.fr',
    country: 'FR',
    locale: 'fr',
    description: 'Order #1043 · espresso machine',
    refunds: [{ seed: 'order-1043-r1', amount: 4990, reason: 'requested_by_customer', note: 'Dented box' }],
  },
  {
    seed: 'order-1044',
    amount: 12900,
    currency: 'EUR',
    firstname: 'Lukas',
    lastname: 'Weber',
    email: 'lukas.weber@example.de',
    country: 'DE',
    locale: 'de',
    description: 'Order #1044 · wireless headphones',
    refunds: [
      {
        seed: 'order-1044-r1',
        amount: 12900,
        reason: 'requested_by_customer',
        note: 'Card closed by the bank',
        outcome: 'failed',
      },
    ],
  },
  {
    seed: 'order-1045',
    amount: 125000,
    currency: 'USD',
    firstname: 'James',
    lastname: 'Miller',
    email: 'james.miller@example.com',
    country: 'US',
    locale: 'en',
    description: 'Order #1045 · laptop',
    refunds: [
      { seed: 'order-1045-r1', amount: 20000, reason: 'requested_by_customer', note: 'Price match' },
      { seed: 'order-1045-r2', amount: 5000, reason: 'requested_by_customer', note: 'Late delivery' },
    ],
  },
  {
    seed: 'order-1046',
    amount: 8995,
    currency: 'USD',
    firstname: 'Emily',
    lastname: 'Carter',
    email: 'emily.carter@example.com',
    country: 'US',
    locale: 'en',
    description: 'Order #1046 · hiking backpack',
    refunds: [],
  },
  {
    seed: 'order-1047',
    amount: 12800,
    currency: 'JPY',
    firstname: 'Yuki',
    lastname: 'Tanaka',
    email: 'yuki.tanaka@example.jp',
    country: 'JP',
    locale: 'ja',
    description: 'Order #1047 · ceramic teapot set',
    refunds: [
      { seed: 'order-1047-r1', amount: 3200, reason: 'requested_by_customer', note: 'One cup broken' },
    ],
  },
  {
    seed: 'order-1048',
    amount: 45750,
    currency: 'KWD',
    firstname: 'Fatima',
    lastname: 'Al-Sabah',
    email: 'fatima.alsabah@example.com.kw',
    country: 'KW',
    locale: 'ar',
    description: 'Order #1048 · perfume collection',
    refunds: [],
  },
];

/** Any BLIK code but the sandbox's decline (000000) and never-confirms (111111) codes completes a payment. */
const BLIK_OK = '777123';

export interface SeedResult {
  /** Objects this run created (0 on a start that found everything). */
  readonly createdPayments: number;
  readonly createdRefunds: number;
  /** Seeded payments present after the run. */
  readonly payments: number;
}

/**
 * Brings the account to the seed plan, creating only what is missing, so it is safe to run on every
 * start: a second start creates nothing, and a first start interrupted half-way is completed by the
 * next. Objects are recognized by the `seed` metadata; idempotency keys derived from the seed names
 * make a retried create within the server's retention (24 h) return the first object, never a second.
 */
export async function seedDemo(
  client: RefundkitClient,
  plan: readonly SeedPayment[] = SEED,
): Promise<SeedResult> {
  const existing = new Map<string, CheckoutSession>();
  for await (const session of await client.checkoutSessions.list({ limit: 100 })) {
    const name = session.metadata['seed'];
    if (name && !existing.has(name)) existing.set(name, session);
  }
  let createdPayments = 0;
  let createdRefunds = 0;
  let payments = 0;
  for (const order of plan) {
    let session = existing.get(order.seed);
    if (!session) {
      session = await client.checkoutSessions.create(
        {
          amount: order.amount,
          currency: order.currency,
          customer_email: order.email,
          customer_firstname: order.firstname,
          customer_lastname: order.lastname,
          customer_country: order.country,
          locale: order.locale,
          success_url: 'https://shop.example/thanks',
          cancel_url: 'https://shop.example/cart',
          payment_method: ['blik'],
          metadata: { seed: order.seed, description: order.description },
        },
        { idempotencyKey: `demo-seed-${order.seed}` },
      );
      createdPayments++;
    }
    if (session.status === 'open') {
      session = await client.checkoutSessions.pay(
        session.id,
        { blik_code: BLIK_OK },
        { idempotencyKey: `demo-seed-${order.seed}-pay` },
      );
    }
    // An unpaid session that expired (a first start interrupted a day ago) cannot be refunded: leave it.
    if (session.status !== 'completed') continue;
    payments++;
    const done = new Set<string>();
    for await (const refund of await client.refunds.list({ paymentId: session.id, limit: 100 })) {
      const name = refund.metadata['seed'];
      if (name) done.add(name);
    }
    for (const refund of order.refunds) {
      if (done.has(refund.seed)) continue;
      await client.refunds.create(
        {
          paymentId: session.id,
          amount: refund.amount,
          reason: refund.reason,
          metadata: {
            seed: refund.seed,
            ...(refund.note ? { note: refund.note } : {}),
            ...(refund.outcome ? { sandbox_outcome: refund.outcome } : {}),
          },
        },
        { idempotencyKey: `demo-seed-${refund.seed}` },
      );
      createdRefunds++;
    }
  }
  return { createdPayments, createdRefunds, payments };
}
