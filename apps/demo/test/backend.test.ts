import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Refund } from '@refundkit/core';
import { signWebhook } from '@refundkit/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startBackend } from '../src/backend.js';
import type { StorybookState } from '../src/storybook.js';
import type { PaymentView } from '../src/views.js';
import { WebhookLog } from '../src/webhook-log.js';
import { listen, type Rig, startRig, until } from './helpers.js';

let rig: Rig;
let session: { id: string };

beforeAll(async () => {
  rig = await startRig();
  session = await rig.client.checkoutSessions.create({
    amount: 10_000,
    currency: 'pln',
    customer_email: 'jan@example.pl',
    customer_firstname: 'Jan',
    customer_lastname: 'Kowalski',
    success_url: 'https://shop.example/thanks',
  });
  await rig.client.checkoutSessions.pay(session.id, { blik_code: '123456' });
});
afterAll(async () => {
  await rig?.close();
});

const api = (path: string, init?: RequestInit) => fetch(`${rig.backend.url}/api${path}`, init);
const post = (body: unknown, key: string | null = `k-${randomUUID()}`) =>
  api('/refunds', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(body),
  });
const refundsOf = async (id: string) =>
  ((await (await api(`/payments/${id}/refunds`)).json()) as { data: Refund[] }).data;

describe('the JSON API of the fetch transport', () => {
  test('a refund goes out pending and its verified webhooks move it to succeeded over SSE', async () => {
    const stream = listen(`${rig.backend.url}/api/events`);
    try {
      await until(() => (stream.events.some((e) => e.event === 'hello') ? true : undefined));
      const response = await post({
        paymentId: session.id,
        amount: 2_500,
        reason: 'duplicate',
        note: 'Twice',
      });
      expect(response.status).toBe(200);
      const refund = (await response.json()) as Refund;
      expect(refund).toMatchObject({
        paymentId: session.id,
        amount: { amount: 2_500, currency: 'PLN' },
        status: 'pending',
        reason: 'duplicate',
        metadata: { note: 'Twice', source: 'dashboard' },
      });
      expect(refund).not.toHaveProperty('raw');
      const succeeded = await until(() =>
        stream.events.find(
          (e) =>
            e.event === 'refund' &&
            (e.data as Refund).id === refund.id &&
            (e.data as Refund).status === 'succeeded',
        ),
      );
      expect(succeeded).toBeDefined();
      const view = await until(() => {
        const found = stream.events.find(
          (e) =>
            e.event === 'payment' &&
            (e.data as PaymentView).payment.id === session.id &&
            (e.data as PaymentView).refunded === 2_500,
        );
        return found?.data as PaymentView | undefined;
      });
      expect(view).toMatchObject({ refunded: 2_500, pending: 0, refundable: 7_500 });
      const log = await until(() => {
        const entry = stream.events.find(
          (e) => e.event === 'webhook' && (e.data as { type: string }).type === 'refund.succeeded',
        );
        return entry?.data as { signature: string; status: number; objectId: string } | undefined;
      });
      expect(log).toMatchObject({ signature: 'valid', status: 200, objectId: refund.id });
      expect((await api(`/refunds/${refund.id}`).then((r) => r.json())) as Refund).toMatchObject({
        status: 'succeeded',
      });
    } finally {
      stream.close();
    }
  });

  test('a retry with the same idempotency key gets the same refund back, even once it holds the money', async () => {
    const body = { paymentId: session.id, amount: 7_500, reason: null };
    const first = (await (await post(body, 'retry-key-0001')).json()) as Refund;
    // Nothing is left to refund now; a pre-check against the current holds would refuse the retry.
    const second = await post(body, 'retry-key-0001');
    expect(second.status).toBe(200);
    expect(((await second.json()) as Refund).id).toBe(first.id);
    expect((await refundsOf(session.id)).filter((r) => r.id === first.id)).toHaveLength(1);
  });

  test('an over-refund is refused by the server with its code, and nothing is created', async () => {
    const before = await refundsOf(session.id);
    const response = await post({ paymentId: session.id, amount: 1 });
    expect(response.status).toBe(402);
    expect(((await response.json()) as { error: { code: string } }).error.code).toMatch(
      /^(already_refunded|amount_exceeds_refundable)$/,
    );
    expect(await refundsOf(session.id)).toHaveLength(before.length);
  });

  test('bad requests get a typed 4xx and change nothing', async () => {
    const before = await refundsOf(session.id);
    const cases: [unknown, string | null, number, string][] = [
      [{ paymentId: session.id, amount: 1.5 }, undefined as never, 400, 'parameter_invalid'],
      [{ paymentId: session.id, amount: -1 }, undefined as never, 400, 'parameter_invalid'],
      [{ paymentId: session.id, amount: '10' }, undefined as never, 400, 'parameter_invalid'],
      [
        { paymentId: session.id, amount: 10, reason: 'because' },
        undefined as never,
        400,
        'parameter_invalid',
      ],
      [{ paymentId: '../x', amount: 10 }, undefined as never, 400, 'parameter_invalid'],
      [[1, 2], undefined as never, 400, 'body_invalid'],
      [{ paymentId: session.id, amount: 10 }, null, 400, 'parameter_missing'],
    ];
    for (const [body, key, status, code] of cases) {
      const response = await post(body, key === undefined ? undefined : key);
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    const notJson = await api('/refunds', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'idempotency-key': 'key-123456' },
      body: 'amount=1',
    });
    expect(notJson.status).toBe(415);
    const unknown = await post({ paymentId: 'cs_unknown', amount: 10 });
    expect(unknown.status).toBe(404);
    expect((await api('/payments/cs_unknown/refunds')).status).toBe(404);
    expect((await api('/nothing')).status).toBe(404);
    expect((await api('/refunds/%E0%A4%A')).status).toBe(400);
    expect(await refundsOf(session.id)).toHaveLength(before.length);
  });

  test('the payments listing shows amount, refunded and refundable', async () => {
    const { data } = (await (await api('/payments')).json()) as { data: PaymentView[] };
    const view = data.find((v) => v.payment.id === session.id)!;
    await until(async () => {
      const refunds = await refundsOf(session.id);
      return refunds.every((r) => r.status === 'succeeded') ? true : undefined;
    });
    expect(view.payment).toMatchObject({ amount: { amount: 10_000, currency: 'PLN' }, captured: 10_000 });
    expect(view.refunded + view.pending + view.refundable).toBe(10_000);
    expect(view.customer).toEqual({ name: 'Jan Kowalski', email: 'jan@example.pl', country: '' });
  });
});

describe('the webhook receiver', () => {
  test('a forged delivery is rejected and logged with its check result; a genuine one is accepted once', async () => {
    const body = JSON.stringify({
      id: 'evt_forged',
      type: 'refund.succeeded',
      created_at: Math.floor(Date.now() / 1000),
      livemode: false,
      data: { object: { id: 're_forged' } },
    });
    const forged = await fetch(rig.backend.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'sec-timestamp': String(Math.floor(Date.now() / 1000)),
        'sec-signature': 'ab'.repeat(32),
      },
      body,
    });
    expect(forged.status).toBe(400);
    const unsigned = await fetch(rig.backend.webhookUrl, { method: 'POST', body });
    expect(unsigned.status).toBe(400);
    const log = (
      (await (await api('/webhooks')).json()) as {
        data: { eventId: string; signature: string; error: string }[];
      }
    ).data;
    expect(log[0]).toMatchObject({
      signature: 'invalid',
      error: expect.stringMatching(/^(signature|timestamp)_missing$/),
    });
    expect(log[1]).toMatchObject({
      eventId: 'evt_forged',
      signature: 'invalid',
      error: 'signature_mismatch',
    });

    // The same genuine delivery twice (as a server retry would): logged as a duplicate the second time.
    const genuine = JSON.stringify({
      id: 'evt_genuine_1',
      type: 'checkout.session.completed',
      created_at: Math.floor(Date.now() / 1000),
      livemode: false,
      data: { object: { id: session.id } },
    });
    for (const duplicate of [false, true]) {
      // Signed the way the server signs: HMAC-SHA256 keyed by SHA-256(secret key), over timestamp + body.
      const timestamp = String(Math.floor(Date.now() / 1000));
      const key = createHash('sha256').update(rig.server.keys.test).digest();
      const headers = { 'sec-timestamp': timestamp, 'sec-signature': signWebhook(key, timestamp, genuine) };
      const response = await fetch(rig.backend.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: genuine,
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ received: true, duplicate });
    }
  });

  test('the log survives a restart and remembers which events it has seen', () => {
    const again = new WebhookLog(`${rig.dir}/webhooks.jsonl`);
    expect(again.seen('evt_genuine_1')).toBe(true);
    expect(again.seen('evt_forged')).toBe(false);
    expect(again.list().length).toBeGreaterThan(3);
  });
});

describe('pages', () => {
  test('serves the dashboard and never a file outside it', async () => {
    const page = await fetch(`${rig.backend.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('<title>dashboard</title>');
    const asset = await fetch(`${rig.backend.url}/assets/app.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt']) {
      const response = await fetch(`${rig.backend.url}${path}`);
      expect(response.status, path).toBe(404);
    }
  });

  test('/storybook/ says it is being built, then why it failed, then serves the build; never a 404 on the link', async () => {
    const dir = join(rig.dir, 'storybook');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>components - Storybook</title>');
    const storybook: { dir: string; state: StorybookState; error: string | null } = {
      dir,
      state: 'building',
      error: null,
    };
    const backend = await startBackend({
      port: 0,
      webDir: join(rig.dir, 'web'),
      storybook,
      onError: () => {},
    });
    try {
      const building = await fetch(`${backend.url}/storybook/`);
      expect(building.status).toBe(503);
      expect(building.headers.get('retry-after')).toBe('2');
      const text = await building.text();
      expect(text).toContain('Storybook is being built');
      expect(text).toContain('http-equiv="refresh"');
      expect(
        ((await (await fetch(`${backend.url}/api/config`)).json()) as { storybookBuilt: boolean })
          .storybookBuilt,
      ).toBe(false);

      storybook.state = 'failed';
      storybook.error = 'storybook build failed (exit 1):\n<script>alert(1)</script>';
      const failed = await fetch(`${backend.url}/storybook/`);
      expect(failed.status).toBe(503);
      expect(failed.headers.get('retry-after')).toBeNull();
      const failure = await failed.text();
      expect(failure).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(failure).not.toContain('<script>');

      storybook.state = 'ready';
      const redirect = await fetch(`${backend.url}/storybook`, { redirect: 'manual' });
      expect(redirect.status).toBe(308);
      expect(redirect.headers.get('location')).toBe('/storybook/');
      const ready = await fetch(`${backend.url}/storybook/`);
      expect(ready.status).toBe(200);
      expect(await ready.text()).toContain('components - Storybook');
      expect((await fetch(`${backend.url}/storybook/%2e%2e/web/index.html`)).status).toBe(404);
      expect(
        ((await (await fetch(`${backend.url}/api/config`)).json()) as { storybookBuilt: boolean })
          .storybookBuilt,
      ).toBe(true);
    } finally {
      await backend.close();
    }
    // A backend given no Storybook has no such page.
    expect((await fetch(`${rig.backend.url}/storybook/`)).status).toBe(404);
  });
});
