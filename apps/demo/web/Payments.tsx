import { heldAmount, type Payment, type Refund } from '@refundkit/core';
import { RefundButton } from '@refundkit/react';
import { memo, useMemo } from 'react';
import { figuresOf } from '../src/figures.js';
import { money, when } from './format.js';
import type { DashboardState, PaymentRow } from './state.js';

const NONE: readonly Refund[] = [];

export function Payments({ state }: { state: DashboardState }) {
  // Each payment's refunds, computed once per change of the refund map.
  const byPayment = useMemo(() => {
    const map = new Map<string, Refund[]>();
    for (const id of state.refundOrder) {
      const refund = state.refunds.get(id);
      if (!refund) continue;
      const list = map.get(refund.paymentId) ?? [];
      list.push(refund);
      map.set(refund.paymentId, list);
    }
    return map;
  }, [state.refunds, state.refundOrder]);
  return (
    <section className="panel" aria-labelledby="payments-title">
      <h2 id="payments-title">Payments</h2>
      {!state.loaded ? (
        <p className="empty">Loading payments…</p>
      ) : state.payments.length === 0 ? (
        <p className="empty">No payments yet.</p>
      ) : (
        <div className="scroll">
          <table className="table payments">
            <thead>
              <tr>
                <th scope="col">Customer</th>
                <th scope="col">Order</th>
                <th scope="col">Paid</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col" className="num">
                  Refunded
                </th>
                <th scope="col" className="num">
                  Pending
                </th>
                <th scope="col" className="num">
                  Refundable
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {state.payments.map((row) => (
                <PaymentLine key={row.payment.id} row={row} refunds={byPayment.get(row.payment.id) ?? NONE} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const PaymentLine = memo(function PaymentLine({
  row,
  refunds,
}: {
  row: PaymentRow;
  refunds: readonly Refund[];
}) {
  // The refund list here is complete, so it (not the payment's last reported total) says what is held.
  const payment: Payment = useMemo(
    () => ({
      ...row.payment,
      refunded: heldAmount(refunds.map((r) => ({ amount: r.amount.amount, status: r.status }))),
    }),
    [row.payment, refunds],
  );
  const figures = figuresOf(payment, refunds);
  const { currency } = payment.amount;
  return (
    <tr data-payment-id={payment.id}>
      <td>
        <div className="strong">{row.customer.name}</div>
        <div className="muted">{row.customer.email}</div>
      </td>
      <td>
        <div>{row.description || payment.id}</div>
        <div className="muted mono">{payment.id}</div>
      </td>
      <td className="nowrap">{when(payment.createdAt)}</td>
      <td className="num" data-field="amount">
        {money(payment.amount.amount, currency)}
      </td>
      <td className="num" data-field="refunded">
        {money(figures.refunded, currency)}
      </td>
      <td className="num" data-field="pending">
        {figures.pending ? money(figures.pending, currency) : <span className="muted">—</span>}
      </td>
      <td className="num strong" data-field="refundable">
        {money(figures.refundable, currency)}
      </td>
      <td className="action">
        <RefundButton payment={payment} refunds={refunds} />
      </td>
    </tr>
  );
});
