import { CAPABILITIES, type Payment, type Refund } from '@refundkit/core';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, test, vi } from 'vitest';
import { RefundkitProvider, type RefundkitProviderProps } from './context.js';
import { RefundButton, type RefundButtonProps } from './RefundButton.js';
import { payment, refund } from './test/fixtures.js';
import { createMemoryTransport, type MemoryOptions } from './test/memory-transport.js';

function setup(
  props: Partial<RefundButtonProps> & { payment: Payment },
  memory: Partial<MemoryOptions> = {},
  provider: Partial<RefundkitProviderProps> = {},
) {
  const transport = createMemoryTransport({
    payments: [props.payment],
    refunds: props.refunds as Refund[],
    ...memory,
  });
  const user = userEvent.setup();
  const onRefunded = vi.fn();
  render(
    <RefundkitProvider transport={transport} locale="en-US" {...provider}>
      <RefundButton onRefunded={onRefunded} {...props} />
    </RefundkitProvider>,
  );
  return { transport, user, onRefunded };
}

const amountField = () => screen.getByLabelText(/^Amount/) as HTMLInputElement;
const dialog = () => screen.getByRole('dialog', { name: 'Refund payment' });

describe('RefundButton', () => {
  test('opens a labelled dialog with the full refundable amount, focused, and closes back to the button', async () => {
    const paid = payment(9899, 'USD');
    const { user } = setup({ payment: paid, refunds: [refund(paid, 1000)] });
    const trigger = screen.getByRole('button', { name: 'Refund' });
    await user.click(trigger);
    expect(dialog()).toBeTruthy();
    expect(amountField().value).toBe('88.99');
    expect(document.activeElement).toBe(amountField());
    expect(screen.getByText('Up to $88.99 of $98.99 can be refunded.')).toBeTruthy();
    expect(screen.getByLabelText('Reason')).toBeTruthy();
    expect(screen.getByLabelText('Note (optional)')).toBeTruthy();
    await user.click(within(dialog()).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(trigger);
  });

  test('checks the amount with core as the user types and says what is wrong in words', async () => {
    const paid = payment(9899, 'USD');
    const { user } = setup({ payment: paid });
    await user.click(screen.getByRole('button', { name: 'Refund' }));
    const field = amountField();
    const problem = () =>
      document.getElementById(String(field.getAttribute('aria-describedby')).split(' ')[1] ?? '')!;

    await user.clear(field);
    expect(problem().textContent).toBe('Enter an amount above zero.');
    await user.type(field, '12.345');
    expect(problem().textContent).toBe('Enter an amount of USD with at most 2 decimal places.');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    await user.clear(field);
    await user.type(field, '99');
    expect(problem().textContent).toBe('That is more than the $98.99 still refundable.');
    await user.clear(field);
    await user.type(field, 'ten');
    expect(problem().textContent).toBe('Enter an amount of USD with at most 2 decimal places.');
    await user.clear(field);
    await user.type(field, '12.30');
    expect(problem().textContent).toBe('');
    expect(field.getAttribute('aria-invalid')).toBeNull();
  });

  test('an invalid amount never reaches the confirm step', async () => {
    const paid = payment(9899, 'USD');
    const { user, transport } = setup({ payment: paid });
    await user.click(screen.getByRole('button', { name: 'Refund' }));
    await user.clear(amountField());
    await user.type(amountField(), '500{Enter}');
    expect(screen.queryByText(/^Refund \$500/)).toBeNull();
    expect(document.activeElement).toBe(amountField());
    expect(transport.calls.create).toHaveLength(0);
  });

  test('keyboard only: type, review, confirm; the refund is sent once with the amount in minor units', async () => {
    const paid = payment(9899, 'JPY');
    const { user, transport, onRefunded } = setup({ payment: paid });
    screen.getByRole('button', { name: 'Refund' }).focus();
    await user.keyboard('{Enter}');
    expect(amountField().value).toBe('9899');
    await user.tab();
    await user.selectOptions(screen.getByLabelText('Reason'), 'duplicate');
    await user.tab();
    await user.keyboard('Charged twice');
    await user.keyboard('{Tab}{Tab}{Enter}');
    expect(screen.getByText('Refund ¥9,899 of ¥9,899')).toBeTruthy();
    expect(
      screen.getByText('¥0 will remain refundable. This cannot be undone. Reason: Duplicate payment.'),
    ).toBeTruthy();
    expect(document.activeElement?.textContent).toBe('Refund ¥9,899');
    await user.keyboard('{Enter}');
    await screen.findByText('Refund of ¥9,899 created.');
    expect(transport.calls.create).toEqual([
      {
        paymentId: 'pay_1',
        amount: 9899,
        reason: 'duplicate',
        note: 'Charged twice',
        idempotencyKey: expect.stringMatching(/^rk_[0-9a-f]{32}$/),
      },
    ]);
    expect(onRefunded).toHaveBeenCalledWith(expect.objectContaining({ id: 're_1', status: 'pending' }));
    expect(within(dialog()).getByText('Pending')).toBeTruthy();
    expect(document.activeElement?.textContent).toBe('Close');
  });

  test('cannot double-submit: a second click while the request is in flight sends nothing', async () => {
    const paid = payment(5000, 'USD');
    const { user, transport } = setup({ payment: paid }, { hang: true });
    await user.click(screen.getByRole('button', { name: 'Refund' }));
    await user.click(screen.getByRole('button', { name: 'Review refund' }));
    const confirm = screen.getByRole('button', { name: 'Refund $50.00' });
    await user.dblClick(confirm);
    await user.click(confirm);
    expect(transport.calls.create).toHaveLength(1);
    expect(confirm.textContent).toBe('Refunding…');
    expect(confirm.getAttribute('aria-busy')).toBe('true');
    transport.release();
    await screen.findByText('Refund of $50.00 created.');
    expect(transport.calls.create).toHaveLength(1);
  });

  test('closed while the request is in flight (Esc), the request runs on: reopened after its answer, a fresh form counts the refund', async () => {
    const paid = payment(5000, 'USD');
    const { user, transport, onRefunded } = setup({ payment: paid }, { hang: true });
    const trigger = screen.getByRole('button', { name: 'Refund' });
    await user.click(trigger);
    await user.clear(amountField());
    await user.type(amountField(), '10{Enter}');
    await user.click(screen.getByRole('button', { name: 'Refund $10.00' }));
    // What the browser does on Esc: the native dialog closes itself.
    act(() => (document.querySelector('dialog') as HTMLDialogElement).close());
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(trigger);
    await act(async () => transport.release());
    await waitFor(() => expect(onRefunded).toHaveBeenCalledTimes(1));
    await user.click(trigger);
    expect(amountField().value).toBe('40.00');
    expect(transport.calls.create).toHaveLength(1);
  });

  test('server errors show in words with the code; a retry keeps the key, a changed form gets a new one', async () => {
    const paid = payment(5000, 'USD');
    const { user, transport } = setup(
      { payment: paid },
      { failWith: { code: 'processing_error', message: 'The gateway is unavailable.', status: 502 } },
    );
    await user.click(screen.getByRole('button', { name: 'Refund' }));
    await user.click(screen.getByRole('button', { name: 'Review refund' }));
    await user.click(screen.getByRole('button', { name: 'Refund $50.00' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('The gateway is unavailable. (code: processing_error)');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(transport.calls.create).toHaveLength(2));
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    await user.clear(amountField());
    await user.type(amountField(), '20{Enter}');
    await user.click(screen.getByRole('button', { name: 'Refund $20.00' }));
    await waitFor(() => expect(transport.calls.create).toHaveLength(3));
    const [first, retry, changed] = transport.calls.create.map((c) => c.idempotencyKey);
    expect(retry).toBe(first);
    expect(changed).not.toBe(first);
  });

  test('core codes from the server read in the messages’ words; a new attempt after success gets a new key', async () => {
    const paid = payment(5000, 'USD');
    const { user, transport } = setup({ payment: paid });
    await user.click(screen.getByRole('button', { name: 'Refund' }));
    await user.clear(amountField());
    await user.type(amountField(), '10{Enter}');
    await user.click(screen.getByRole('button', { name: 'Refund $10.00' }));
    await screen.findByText('Refund of $10.00 created.');
    await user.click(screen.getByRole('button', { name: 'Close' }));
    await user.click(screen.getByRole('button', { name: 'Refund' }));
    // The refund just made counts against the cap before the parent passes it back.
    expect(amountField().value).toBe('40.00');
    await user.keyboard('{Enter}');
    await user.click(screen.getByRole('button', { name: 'Refund $40.00' }));
    await screen.findByText('Refund of $40.00 created.');
    const [a, b] = transport.calls.create.map((c) => c.idempotencyKey);
    expect(a).not.toBe(b);
  });

  test('a cap refusal from the server (a refund made elsewhere) is explained with the refunds fetched afresh', async () => {
    const paid = payment(5000, 'USD');
    // The backend knows a refund the dashboard's list does not have yet.
    const { user, transport } = setup({ payment: paid, refunds: [] }, { refunds: [refund(paid, 3000)] });
    await user.click(screen.getByRole('button', { name: 'Refund' }));
    await user.keyboard('{Enter}');
    await user.click(screen.getByRole('button', { name: 'Refund $50.00' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'That is more than the $20.00 still refundable. (code: amount_exceeds_refundable)',
    );
    expect(screen.getByText('Refund $50.00 of $20.00')).toBeTruthy();
    // Sending the same request again cannot succeed: the button says so until the amount is edited.
    expect(screen.getByRole('button', { name: 'Try again' }).getAttribute('aria-disabled')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Edit' }));
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    expect(screen.getByText('That is more than the $20.00 still refundable.')).toBeTruthy();
    await user.clear(amountField());
    await user.type(amountField(), '20{Enter}');
    await user.click(screen.getByRole('button', { name: 'Refund $20.00' }));
    await screen.findByText('Refund of $20.00 created.');
    expect(transport.calls.create.map((c) => c.amount)).toEqual([5000, 2000]);
    // One look at the refunds for the one refusal, not one per render.
    expect(transport.calls.list).toEqual([paid.id]);
  });

  test('a cap refusal without a way to list refunds shows the server’s own words, which know the real cap', async () => {
    const paid = payment(5000, 'USD');
    const memory = createMemoryTransport({ payments: [paid], refunds: [refund(paid, 3000)] });
    let refusal: Error | undefined;
    const transport = {
      createRefund: (input: Parameters<typeof memory.createRefund>[0]) =>
        memory.createRefund(input).catch((error: Error) => {
          refusal = error;
          throw error;
        }),
      getRefund: memory.getRefund,
    };
    const user = userEvent.setup();
    render(
      <RefundkitProvider transport={transport} locale="en-US">
        <RefundButton payment={paid} />
      </RefundkitProvider>,
    );
    await user.click(screen.getByRole('button', { name: 'Refund' }));
    await user.keyboard('{Enter}');
    await user.click(screen.getByRole('button', { name: 'Refund $50.00' }));
    const alert = await screen.findByRole('alert');
    expect(refusal?.message).toBeTruthy();
    expect(alert.textContent).toBe(`${refusal?.message} (code: amount_exceeds_refundable)`);
  });

  test('focus is trapped: Tab from the last control wraps to the first, Shift+Tab from the first to the last', async () => {
    const paid = payment(5000, 'USD');
    const { user } = setup({ payment: paid });
    await user.click(screen.getByRole('button', { name: 'Refund' }));
    expect(document.activeElement).toBe(amountField());
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Review refund' }));
    await user.tab();
    expect(document.activeElement).toBe(amountField());
    for (let i = 0; i < 10; i++) {
      await user.tab();
      expect(dialog().contains(document.activeElement)).toBe(true);
    }
    await user.keyboard('{Enter}');
    // The confirm step: Edit and the confirm button, and round again.
    const confirm = screen.getByRole('button', { name: 'Refund $50.00' });
    expect(document.activeElement).toBe(confirm);
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Edit' }));
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(confirm);
  });

  test('nothing left to refund: disabled, with the reason as its description', async () => {
    const paid = payment(5000, 'USD');
    const { user } = setup({ payment: paid, refunds: [refund(paid, 3000), refund(paid, 2000, 'pending')] });
    const trigger = screen.getByRole('button', { name: 'Refund' });
    expect(trigger.getAttribute('aria-disabled')).toBe('true');
    const description = document.getElementById(trigger.getAttribute('aria-describedby')!);
    expect(description?.textContent).toBe(
      'Nothing is left to refund: this payment has been refunded in full.',
    );
    await user.click(trigger);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  test('failed and canceled refunds release their hold; the payment’s own refunded total still caps', async () => {
    const paid = payment(5000, 'USD');
    const { user } = setup({
      payment: { ...paid, refunded: 1000 },
      refunds: [refund(paid, 3000, 'failed'), refund(paid, 500, 'canceled')],
    });
    await user.click(screen.getByRole('button', { name: 'Refund' }));
    expect(amountField().value).toBe('40.00');
  });

  test('Checkout: full refunds only, the amount is read-only at the full amount', async () => {
    const paid = payment(9899, 'JPY', 'checkout');
    const { user, transport } = setup({ payment: paid });
    await user.click(screen.getByRole('button', { name: 'Refund' }));
    expect(amountField().readOnly).toBe(true);
    expect(amountField().value).toBe('9899');
    expect(screen.getByText('This gateway refunds the full ¥9,899 only.')).toBeTruthy();
    expect(screen.getByRole('option', { name: 'Other (describe in the note)' })).toBeTruthy();
    await user.keyboard('{Enter}');
    await user.click(screen.getByRole('button', { name: 'Refund ¥9,899' }));
    await waitFor(() => expect(transport.calls.create[0]?.amount).toBe(9899));
  });

  test('Checkout after a partial refund elsewhere: disabled with an explanation', async () => {
    const paid = payment(9899, 'JPY', 'checkout');
    const { user } = setup({ payment: paid, refunds: [refund(paid, 1000)] });
    const trigger = screen.getByRole('button', { name: 'Refund' });
    expect(trigger.getAttribute('aria-disabled')).toBe('true');
    expect(document.getElementById(trigger.getAttribute('aria-describedby')!)?.textContent).toBe(
      'This payment already has the most refunds allowed (1).',
    );
    await user.click(trigger);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  test('a full-only gateway without a refund limit, after a partial refund: disabled, says why', () => {
    const paid = payment(5000, 'USD', 'stripe');
    setup({
      payment: paid,
      refunds: [refund(paid, 1000)],
      capabilities: { ...CAPABILITIES.stripe, partialRefunds: false },
    });
    const trigger = screen.getByRole('button', { name: 'Refund' });
    expect(trigger.getAttribute('aria-disabled')).toBe('true');
    expect(document.getElementById(trigger.getAttribute('aria-describedby')!)?.textContent).toBe(
      'This gateway refunds only the full $50.00, and part of it has already been refunded.',
    );
  });

  test('a three-decimal currency (KWD) in a comma-decimal locale', async () => {
    const paid = payment(12_345, 'KWD');
    const { user, transport } = setup({ payment: paid }, {}, { locale: 'de-DE' });
    await user.click(screen.getByRole('button', { name: 'Refund' }));
    expect(amountField().value).toBe('12,345');
    await user.clear(amountField());
    await user.type(amountField(), '1,2345');
    expect(screen.getByText('Enter an amount of KWD with at most 3 decimal places.')).toBeTruthy();
    await user.clear(amountField());
    await user.type(amountField(), '1,5{Enter}');
    await user.click(screen.getByRole('button', { name: /^Refund 1,500\sKWD$/ }));
    await waitFor(() => expect(transport.calls.create[0]?.amount).toBe(1500));
  });

  test('every word is replaceable through the provider', async () => {
    const paid = payment(5000, 'USD');
    const { user } = setup(
      { payment: paid },
      {},
      {
        messages: {
          refund: 'Erstatten',
          reasons: { duplicate: 'Doppelte Zahlung' },
          confirm: (v) => `${v.amount} von ${v.refundable} erstatten`,
          confirmHint: (v) => `Danach bleiben ${v.remaining}.`,
          confirmReason: (reason) => `Grund : ${reason}`,
        },
      },
    );
    await user.click(screen.getByRole('button', { name: 'Erstatten' }));
    expect(screen.getByRole('option', { name: 'Doppelte Zahlung' })).toBeTruthy();
    expect(screen.getByRole('option', { name: 'Requested by the customer' })).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('Reason'), 'duplicate');
    await user.clear(amountField());
    await user.type(amountField(), '20{Enter}');
    expect(screen.getByText('$20.00 von $50.00 erstatten')).toBeTruthy();
    expect(screen.getByText('Danach bleiben $30.00. Grund : Doppelte Zahlung')).toBeTruthy();
  });
});
