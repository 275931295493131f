import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SEED, seedDemo } from '../src/seed.js';
import type { PaymentView } from '../src/views.js';
import { type Rig, startRig, until } from './helpers.js';

let rig: Rig;

beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => {
  await rig?.close();
});

const payments = async (): Promise<PaymentView[]> =>
  ((await (await fetch(`${rig.backend.url}/api/payments`)).json()) as { data: PaymentView[] }).data;

describe('seedDemo against the real server', () => {
  test('an interrupted first start is completed by the next, and a later start creates nothing', async () => {
    // A first start stopped after three orders.
    const partial = await seedDemo(rig.client, SEED.slice(0, 3));
    expect(partial).toEqual({ createdPayments: 3, createdRefunds: 3, payments: 3 });

    const refunds = SEED.reduce((n, order) => n + order.refunds.length, 0);
    const full = await seedDemo(rig.client);
    expect(full).toEqual({
      createdPayments: SEED.length - 3,
      createdRefunds: refunds - 3,
      payments: SEED.length,
    });

    const again = await seedDemo(rig.client);
    expect(again).toEqual({ createdPayments: 0, createdRefunds: 0, payments: SEED.length });
    expect((await payments()).length).toBe(SEED.length);
  });

  test('the seeded payments cover five currencies, with the refunds and figures the plan says', async () => {
    const views = await until(async () => {
      const list = await payments();
      // Wait for the processor to settle every seeded refund.
      return list.every((v) => v.refunds.every((r) => r.status !== 'pending')) ? list : undefined;
    });
    expect(new Set(views.map((v) => v.payment.amount.currency))).toEqual(
      new Set(['PLN', 'EUR', 'USD', 'JPY', 'KWD']),
    );
    for (const order of SEED) {
      const view = views.find((v) => v.description === order.description);
      expect(view, order.seed).toBeDefined();
      const succeeded = order.refunds.filter((r) => !r.outcome).reduce((n, r) => n + r.amount, 0);
      expect(view!.payment.amount).toEqual({ amount: order.amount, currency: order.currency });
      expect(view!.refunded).toBe(succeeded);
      expect(view!.pending).toBe(0);
      expect(view!.refundable).toBe(order.amount - succeeded);
    }
    // The failing refund: failed with the server's reason, and its hold released.
    const failing = views.find((v) => v.description === 'Order #1044 · wireless headphones')!;
    expect(failing.refunds).toHaveLength(1);
    expect(failing.refunds[0]).toMatchObject({ status: 'failed', failureReason: 'sandbox_failure' });
    expect(failing.refundable).toBe(12900);
    // Fully refunded: nothing left.
    expect(views.find((v) => v.description === 'Order #1041 · gift card')!.refundable).toBe(0);
  });
});
