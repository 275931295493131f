// @vitest-environment happy-dom
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { version } from 'react';
import { type AdminRefund, createMedusaTransport, type OrderRefundsBody } from '../lib/medusa-transport';
import { OrderRefunds } from './order-refunds';

const at = '2026-11-22T08:00:00.000Z';

function record(overrides: Partial<AdminRefund>): AdminRefund {
  return {
    id: 'rkref_1',
    gateway_refund_id: 're_1',
    session_id: 'cs_1',
    payment_id: 'pay_1',
    medusa_refund_id: 'ref_1',
    amount: 5_000,
    currency_code: 'pln',
    status: 'succeeded',
    reason: 'requested_by_customer',
    failure_reason: null,
    created_at: at,
    updated_at: at,
    ...overrides,
  };
}

/**
 * Medusa's admin API as the widget sees it, kept in memory: the plugin's routes, Medusa's refund
 * reasons, and `POST /admin/payments/:id/refundkit-refunds` creating a refund the plugin reports as
 * pending. `concurrent` lands another admin's refund on the payment just before each one posted.
 */
function backend(
  initial: OrderRefundsBody,
  reasons = [{ id: 'rr_dup', code: 'duplicate' }],
  options: { concurrent?: boolean } = {},
) {
  const state = structuredClone(initial);
  const medusaRefunds: { id: string }[] = state.refunds.map((r) => ({ id: r.medusa_refund_id ?? r.id }));
  const posted: unknown[] = [];
  const keys: (string | null)[] = [];
  const make = (amount: number) => {
    const id = `ref_${medusaRefunds.length + 1}`;
    medusaRefunds.push({ id });
    const made = record({
      id: `rkref_${id}`,
      gateway_refund_id: `re_${id}`,
      medusa_refund_id: id,
      amount,
      status: 'pending',
      reason: 'duplicated',
    });
    state.refunds.push(made);
    state.payments[0]!.refunded += amount;
    return made;
  };
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://admin.test');
    const method = init?.method ?? 'GET';
    if (method === 'GET' && url.pathname === `/admin/orders/${state.order_id}/refundkit-refunds`)
      return json(state);
    if (method === 'GET' && url.pathname === '/admin/refund-reasons') {
      return json({ refund_reasons: reasons });
    }
    if (method === 'POST' && url.pathname === '/admin/payments/pay_1/refundkit-refunds') {
      const body = JSON.parse(String(init?.body));
      posted.push(body);
      keys.push(new Headers(init?.headers).get('idempotency-key'));
      if (body.amount > 15_000)
        return json({ type: 'not_allowed', message: 'Refund amount is too large.' }, 400);
      if (options.concurrent) make(1_000);
      return json({ refund: make(body.amount) });
    }
    const one = /^\/admin\/refundkit\/refunds\/(.+)$/.exec(url.pathname);
    if (method === 'GET' && one) {
      const found = state.refunds.find((r) =>
        [r.id, r.gateway_refund_id, r.medusa_refund_id].includes(one[1]!),
      );
      return found ? json({ refund: found }) : json({ type: 'not_found', message: 'No refund' }, 404);
    }
    return json({ message: `unexpected ${method} ${url.pathname}` }, 500);
  };
  return { fetch: fetchImpl as typeof fetch, posted, keys, state };
}

const order = (overrides: Partial<OrderRefundsBody> = {}): OrderRefundsBody => ({
  order_id: 'order_1',
  refund_failed: false,
  refunds: [record({})],
  payments: [
    {
      id: 'pay_1',
      session_id: 'cs_1',
      currency_code: 'pln',
      amount: 20_000,
      captured: 20_000,
      refunded: 5_000,
      created_at: at,
    },
  ],
  ...overrides,
});

test('runs on React 18, as Medusa’s admin does', () => {
  expect(version.startsWith('18.')).toBe(true);
});

test('lists each refund with its status and flags a failed one', async () => {
  const api = backend(
    order({
      refund_failed: true,
      refunds: [
        record({}),
        record({ id: 'rkref_2', gateway_refund_id: 're_2', status: 'failed', failure_reason: 'card closed' }),
      ],
    }),
  );
  render(<OrderRefunds data={{ id: 'order_1' }} fetch={api.fetch} locale="en-US" />);
  const items = await screen.findAllByRole('listitem');
  expect(items).toHaveLength(2);
  expect(items[0]!.textContent).toContain('PLN');
  expect(items[0]!.querySelector('[data-status]')?.getAttribute('data-status')).toBe('succeeded');
  expect(within(items[0]!).getByText('Refunded')).toBeTruthy();
  expect(items[1]!.querySelector('[data-status]')?.getAttribute('data-status')).toBe('failed');
  expect(items[1]!.textContent).toContain('card closed');
  expect(screen.getByRole('alert').textContent).toMatch(/failed at the gateway/);
});

test('refunds through the plugin’s route in minor units with the mapped reason and a key, then shows it pending', async () => {
  const api = backend(order());
  const user = userEvent.setup();
  render(<OrderRefunds data={{ id: 'order_1' }} fetch={api.fetch} locale="en-US" />);
  await user.click(await screen.findByRole('button', { name: 'Refund' }));
  const dialog = screen.getByRole('dialog');
  const amount = within(dialog).getByLabelText(/^Amount/) as HTMLInputElement;
  expect(amount.value).toBe('150.00');
  await user.clear(amount);
  await user.type(amount, '30');
  await user.selectOptions(within(dialog).getByLabelText('Reason'), 'duplicate');
  await user.click(within(dialog).getByRole('button', { name: 'Review refund' }));
  await user.click(within(dialog).getByRole('button', { name: /^Refund PLN/ }));
  await waitFor(() => expect(api.posted).toEqual([{ amount: 3_000, refund_reason_id: 'rr_dup' }]));
  expect(api.keys).toEqual([expect.stringMatching(/\S{16,}/)]);
  await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(2));
  const created = screen.getAllByRole('listitem')[1]!;
  expect(created.getAttribute('data-refund')).toBe('re_ref_2');
  expect(created.querySelector('[data-status]')?.getAttribute('data-status')).toBe('pending');
});

test('shows Medusa’s refusal in words and records nothing', async () => {
  const api = backend(order({ payments: [{ ...order().payments[0]!, refunded: 0 }], refunds: [] }));
  const user = userEvent.setup();
  render(<OrderRefunds data={{ id: 'order_1' }} fetch={api.fetch} locale="en-US" />);
  await user.click(await screen.findByRole('button', { name: 'Refund' }));
  const dialog = screen.getByRole('dialog');
  await user.click(within(dialog).getByRole('button', { name: 'Review refund' }));
  await user.click(within(dialog).getByRole('button', { name: /^Refund PLN/ }));
  await waitFor(() => expect(within(dialog).getByText(/Refund amount is too large/)).toBeTruthy());
  expect(api.state.refunds).toHaveLength(0);
});

test('picks the Medusa refund reason by the store’s own code for the chosen reason', async () => {
  const api = backend(order({ reason_codes: { duplicate: ['double_charge', 'duplicate'] } }), [
    { id: 'rr_other', code: 'return' },
    { id: 'rr_double', code: 'double_charge' },
  ]);
  const user = userEvent.setup();
  render(<OrderRefunds data={{ id: 'order_1' }} fetch={api.fetch} locale="en-US" />);
  await user.click(await screen.findByRole('button', { name: 'Refund' }));
  const dialog = screen.getByRole('dialog');
  const amount = within(dialog).getByLabelText(/^Amount/) as HTMLInputElement;
  await user.clear(amount);
  await user.type(amount, '10');
  await user.selectOptions(within(dialog).getByLabelText('Reason'), 'duplicate');
  await user.click(within(dialog).getByRole('button', { name: 'Review refund' }));
  await user.click(within(dialog).getByRole('button', { name: /^Refund PLN/ }));
  await waitFor(() => expect(api.posted).toEqual([{ amount: 1_000, refund_reason_id: 'rr_double' }]));
});

test('takes the refund it made from the answer when another admin refunds at the same moment', async () => {
  const api = backend(order({ refunds: [] }), undefined, { concurrent: true });
  const transport = createMedusaTransport({ fetch: api.fetch });
  const refund = await transport.createRefund({
    paymentId: 'pay_1',
    amount: 2_500,
    reason: null,
    idempotencyKey: 'attempt-1',
  });
  // The other admin's refund (10.00) landed first; a diff of the payment's refunds would see two.
  expect(api.state.refunds.map((r) => r.amount)).toEqual([1_000, 2_500]);
  expect([refund.id, refund.amount.amount]).toEqual(['re_ref_2', 2_500]);
  expect(api.keys).toEqual(['attempt-1']);
});
