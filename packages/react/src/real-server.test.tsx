// The components against the real refund server (@refundkit/server, in this process on in-memory
// PGlite), through a small merchant backend on loopback that holds the secret key and uses the SDK,
// reached by the fetch transport: from the click to `succeeded`, nothing mocked.
import type { Payment } from '@refundkit/core';
import { createClient, type RefundkitClient } from '@refundkit/sdk';
import { createServer } from '@refundkit/server';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RefundkitProvider } from './context.js';
import { RefundButton } from './RefundButton.js';
import { type LoopbackBackend, startLoopbackBackend } from './test/loopback-backend.js';
import { createFetchTransport } from './transport.js';

type RefundServer = Awaited<ReturnType<typeof createServer>>;

let server: RefundServer;
let client: RefundkitClient;
let backend: LoopbackBackend;
let sequence = 0;

beforeAll(async () => {
  server = await createServer({ refundDelayMs: 300 });
  client = createClient({ dialect: 'convergegate', baseUrl: server.url, secretKey: server.keys.test });
  backend = await startLoopbackBackend(client);
}, 120_000);

afterAll(async () => {
  await backend?.close();
  await server?.close();
});

/** A session the customer has paid, as the dashboard gets it from its backend. */
async function paidPayment(amount: number, currency: string): Promise<Payment> {
  sequence += 1;
  const session = await client.checkoutSessions.create({
    amount,
    currency,
    customer_email: `buyer${sequence}@example.com`,
    customer_firstname: 'Jan',
    customer_lastname: 'Kowalski',
    success_url: 'https://shop.example/thanks',
  });
  await client.checkoutSessions.pay(session.id, { blik_code: '123456' });
  const response = await fetch(`${backend.url}/api/payments/${session.id}`);
  return (await response.json()) as Payment;
}

function dashboard(payment: Payment) {
  const transport = createFetchTransport({ baseUrl: `${backend.url}/api` });
  render(
    <RefundkitProvider transport={transport} locale="en-US" polling={{ initialDelay: 200, maxDelay: 1000 }}>
      <RefundButton payment={payment} />
    </RefundkitProvider>,
  );
  return userEvent.setup();
}

const creates = (paymentId: string) =>
  backend.requests.filter(
    (r) => r.method === 'POST' && r.path === '/api/refunds' && r.paymentId === paymentId,
  );

async function serverRefunds(paymentId: string) {
  const list = [];
  for await (const refund of await client.refunds.list({ paymentId, limit: 100 })) list.push(refund);
  return list;
}

const SLOW = { timeout: 30_000 };

describe('RefundButton against the real server', () => {
  test('click to succeeded; a response lost on the way is retried with the same key and refunds once', async () => {
    const payment = await paidPayment(9899, 'jpy');
    const user = dashboard(payment);
    await user.click(screen.getByRole('button', { name: 'Refund' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Refund payment' }));
    const amount = dialog.getByLabelText('Amount (JPY)') as HTMLInputElement;
    expect(amount.value).toBe('9899');
    await user.clear(amount);
    await user.type(amount, '4,000{Enter}');
    expect(dialog.getByText('Refund ¥4,000 of ¥9,899')).toBeTruthy();

    backend.loseNextCreateResponse();
    await user.click(dialog.getByRole('button', { name: 'Refund ¥4,000' }));
    expect((await dialog.findByRole('alert', {}, SLOW)).textContent).toBe(
      'The server could not be reached. Check the connection and try again. (code: network_error)',
    );
    await user.click(dialog.getByRole('button', { name: 'Try again' }));
    await dialog.findByText('Refund of ¥4,000 created.', {}, SLOW);
    await dialog.findByText('Refunded', {}, SLOW);

    const sent = creates(payment.id);
    expect(sent).toHaveLength(2);
    expect(sent[0]?.idempotencyKey).toMatch(/^rk_[0-9a-f]{32}$/);
    expect(sent[1]?.idempotencyKey).toBe(sent[0]?.idempotencyKey);
    const [only, ...others] = await serverRefunds(payment.id);
    expect(others).toEqual([]);
    expect(only).toMatchObject({ amount: { amount: 4000, currency: 'JPY' }, status: 'succeeded' });
    expect((await client.checkoutSessions.retrieve(payment.id)).amount_refunded).toBe(4000);
    // The status came from the backend, not from the create response.
    expect(backend.requests.some((r) => r.method === 'GET' && r.path === `/api/refunds/${only?.id}`)).toBe(
      true,
    );
  });

  test('a refund made elsewhere meanwhile: the refusal in words with the fresh cap, then a new key', async () => {
    const payment = await paidPayment(5000, 'usd');
    const user = dashboard(payment);
    const elsewhere = await client.refunds.create({
      paymentId: payment.id,
      amount: 3000,
      reason: 'duplicate',
    });

    await user.click(screen.getByRole('button', { name: 'Refund' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Refund payment' }));
    await user.keyboard('{Enter}');
    await user.click(dialog.getByRole('button', { name: 'Refund $50.00' }));
    expect((await dialog.findByRole('alert', {}, SLOW)).textContent).toBe(
      'That is more than the $20.00 still refundable. (code: amount_exceeds_refundable)',
    );
    expect(dialog.getByText('Refund $50.00 of $20.00')).toBeTruthy();

    await user.click(dialog.getByRole('button', { name: 'Edit' }));
    const amount = dialog.getByLabelText('Amount (USD)') as HTMLInputElement;
    expect(dialog.getByText('Up to $20.00 of $50.00 can be refunded.')).toBeTruthy();
    await user.clear(amount);
    await user.type(amount, '20{Enter}');
    await user.click(dialog.getByRole('button', { name: 'Refund $20.00' }));
    await dialog.findByText('Refunded', {}, SLOW);

    // The refusal sent the dialog to the backend once for the payment's refunds.
    expect(backend.requests.filter((r) => r.path === `/api/payments/${payment.id}/refunds`)).toHaveLength(1);
    await client.refunds.waitFor(elsewhere.id);
    const [first, second] = creates(payment.id).map((r) => r.idempotencyKey);
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    const amounts = (await serverRefunds(payment.id)).map((r) => [r.amount.amount, r.status]).sort();
    expect(amounts).toEqual([
      [2000, 'succeeded'],
      [3000, 'succeeded'],
    ]);
  });
});
