import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createClient,
  type EndpointVerifyOptions,
  RefundkitSignatureError,
  signTimestamped,
} from '../src/index.js';

const secret = 'whsec_conformance_secret';
const now = 1_800_000_000;

/** An independent signer (node:crypto), so the SDK's WebCrypto verifier is checked against another implementation. */
const sign = (payload: string, t: number, key = secret) =>
  `t=${t},v1=${createHmac('sha256', key).update(`${t}.${payload}`).digest('hex')}`;

const stripeEvent = JSON.stringify({
  id: 'evt_1',
  object: 'event',
  type: 'refund.updated',
  created: now,
  livemode: false,
  data: {
    object: {
      id: 're_1',
      object: 'refund',
      amount: 500,
      currency: 'usd',
      charge: 'ch_1',
      payment_intent: 'pi_1',
      status: 'succeeded',
      reason: 'duplicate',
      metadata: { a: 'b' },
      created: now,
    },
  },
});
const checkoutEvent = JSON.stringify({
  id: 'evt_2',
  type: 'refund.failed',
  createdAt: '2027-01-15T08:00:00.000Z',
  livemode: false,
  data: {
    id: 'rfd_1',
    checkoutId: 'ch_9',
    amount: 1500,
    currency: 'EUR',
    status: 'failed',
    reason: null,
    reasonText: null,
    metadata: {},
    failureReason: 'sandbox_failure',
    livemode: false,
    createdAt: '2027-01-15T08:00:00.000Z',
    updatedAt: '2027-01-15T08:00:01.000Z',
  },
});

const cases = [
  { dialect: 'stripe' as const, header: 'stripe-signature', body: stripeEvent },
  { dialect: 'checkout' as const, header: 'checkout-signature', body: checkoutEvent },
];

for (const { dialect, header, body } of cases) {
  describe(`${dialect} webhooks`, () => {
    const client = createClient({ dialect, baseUrl: 'http://127.0.0.1:9', secretKey: 'sk_test_x' });
    const options = { secret, nowSec: now + 10 };

    it('accepts a fresh, correctly signed body and returns the canonical refund', async () => {
      const event = await client.webhooks.parse(body, { [header]: sign(body, now) }, options);
      expect(event.refund).toMatchObject({ dialect, status: dialect === 'stripe' ? 'succeeded' : 'failed' });
      expect(await signTimestamped(secret, body, now)).toBe(sign(body, now));
    });

    it('refuses a wrong secret, a changed body, a stale timestamp and a missing header', async () => {
      const verify = (b: string, headers: Record<string, string>, o: EndpointVerifyOptions = options) =>
        client.webhooks.verify(b, headers, o);
      await expect(verify(body, { [header]: sign(body, now, 'whsec_other') })).rejects.toMatchObject({
        code: 'signature_mismatch',
      });
      await expect(verify(`${body} `, { [header]: sign(body, now) })).rejects.toBeInstanceOf(
        RefundkitSignatureError,
      );
      await expect(
        verify(body, { [header]: sign(body, now - 301) }, { secret, nowSec: now }),
      ).rejects.toMatchObject({
        code: 'timestamp_outside_tolerance',
      });
      await expect(verify(body, {})).rejects.toMatchObject({ code: 'signature_missing' });
      const v1 = sign(body, now).split(',v1=')[1];
      await expect(verify(body, { [header]: `v1=${v1}` })).rejects.toMatchObject({
        code: 'timestamp_invalid',
      });
      await expect(verify(body, { [header]: `t=${now}` })).rejects.toMatchObject({
        code: 'signature_missing',
      });
      await expect(verify(body, { [header]: sign(body, now) }, { secret: '' })).rejects.toMatchObject({
        code: 'secret_missing',
      });
    });

    it('accepts any matching v1 (secret rotation) and reads the window from webhookToleranceSec', async () => {
      const rotated = `${sign(body, now, 'whsec_old')},v1=${sign(body, now).split(',v1=')[1]}`;
      await client.webhooks.verify(body, { [header]: rotated }, options);
      const strict = createClient({
        dialect,
        baseUrl: 'http://127.0.0.1:9',
        secretKey: 'sk_test_x',
        webhookToleranceSec: 5,
      });
      const headers = { [header]: sign(body, now) };
      await expect(strict.webhooks.verify(body, headers, options)).rejects.toMatchObject({
        code: 'timestamp_outside_tolerance',
      });
      await strict.webhooks.verify(body, headers, { ...options, toleranceSec: 60 });
      await client.webhooks.verify(body, headers, { secret, nowSec: now + 300 });
    });
  });
}
