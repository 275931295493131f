import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signTimestamped, signWebhook } from '../src/index.js';
import { type RunningServer, testServer } from './helpers.js';

const server: RunningServer = testServer();
let site: Server;
let origin = '';
let browser: Browser;

/**
 * A same-origin page for the browser: `/sdk.js` is the main entry bundled for the browser (no Node
 * shims), `/` loads it, and `/v1/*` is passed to the real server, as a merchant's backend would.
 */
async function startSite(): Promise<void> {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('../src/index.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['@refundkit/source'],
    write: false,
  });
  const js = bundle.outputFiles[0]!.text;
  site = createServer((req, res) => {
    if (req.url === '/sdk.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    } else if (req.url?.startsWith('/v1/')) {
      const upstream = httpRequest(
        new URL(req.url, server.url),
        { method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(upstream);
    } else {
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          '<!doctype html><title>sdk</title><script type="module">import * as sdk from "/sdk.js"; window.sdk = sdk;</script>',
        );
    }
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  await startSite();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  site?.closeAllConnections();
  await new Promise<void>((resolve) => (site ? site.close(() => resolve()) : resolve()));
});

describe('in a real browser (Chromium)', () => {
  it('creates, pays and refunds through fetch, and verifies webhooks with WebCrypto', async () => {
    const page = await browser.newPage();
    await page.goto(origin);
    await page.waitForFunction(() => 'sdk' in window);
    const body = JSON.stringify({
      id: 'evt_b',
      type: 'checkout.session.completed',
      data: { object: { id: 's' } },
    });
    const headers = await signWebhook(body, { secretKey: server.keys.test });
    const t = Math.floor(Date.now() / 1000);
    const stripeSignature = await signTimestamped('whsec_browser', body, t);

    const result = await page.evaluate(
      async ({ secretKey, body, headers, stripeSignature }) => {
        const { sdk } = window as unknown as { sdk: typeof import('../src/index.js') };
        const client = sdk.createClient({ dialect: 'convergegate', baseUrl: location.origin, secretKey });
        const session = await client.checkoutSessions.create({
          amount: 5_000,
          currency: 'pln',
          customer_email: 'browser@example.com',
          customer_firstname: 'B',
          customer_lastname: 'R',
          success_url: 'https://shop.example/ok',
        });
        const paid = await client.checkoutSessions.pay(session.id, { blik_code: '123456' });
        const refund = await client.refunds.create({
          paymentId: session.id,
          amount: 1_500,
          reason: 'duplicate',
        });
        const done = await client.refunds.waitFor(refund.id, { intervalMs: 20 });
        const event = await client.webhooks.parse(body, new Headers(headers));
        let tampered = '';
        try {
          await client.webhooks.verify(`${body} `, headers);
        } catch (error) {
          tampered = `${(error as Error).name}:${(error as { code: string }).code}`;
        }
        // The Stripe/Checkout scheme through WebCrypto too, from the per-dialect factory.
        const stripe = sdk.createStripeClient({ baseUrl: location.origin, secretKey });
        const stripeEvent = await stripe.webhooks.parse(
          body,
          { 'stripe-signature': stripeSignature },
          { secret: 'whsec_browser' },
        );
        let local = '';
        try {
          await client.refunds.create({ paymentId: session.id, amount: -5 });
        } catch (error) {
          local = `${(error as Error).name}:${(error as { code: string }).code}`;
        }
        return {
          paid: paid.status,
          key: refund.idempotencyKey,
          reason: [refund.reason, refund.raw.reason],
          amount: done.amount,
          status: done.status,
          event: event.type,
          stripeEvent: stripeEvent.type,
          tampered,
          local,
        };
      },
      { secretKey: server.keys.test, body, headers, stripeSignature },
    );
    await page.close();

    expect(result).toMatchObject({
      paid: 'completed',
      reason: ['duplicate', 'duplicated'],
      amount: { amount: 1_500, currency: 'PLN' },
      status: 'succeeded',
      event: 'checkout.session.completed',
      stripeEvent: 'checkout.session.completed',
      tampered: 'RefundkitSignatureError:signature_mismatch',
      local: 'RefundkitInvalidRequestError:amount_invalid',
    });
    expect(result.key).toMatch(/^[0-9a-f-]{32,36}$/);
  });
});
