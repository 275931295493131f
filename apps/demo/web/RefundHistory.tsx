import { RefundStatus, useRefundkit } from '@refundkit/react';
import { money, when } from './format.js';
import type { DashboardState } from './state.js';

export function RefundHistory({ state }: { state: DashboardState }) {
  const { messages } = useRefundkit();
  const customers = new Map(state.payments.map((p) => [p.payment.id, p]));
  return (
    <section className="panel" aria-labelledby="refunds-title">
      <h2 id="refunds-title">Refund history</h2>
      {state.refundOrder.length === 0 ? (
        <p className="empty">{state.loaded ? 'No refunds yet.' : 'Loading refunds…'}</p>
      ) : (
        <div className="scroll scroll-tall">
          <table className="table refunds">
            <thead>
              <tr>
                <th scope="col">Refund</th>
                <th scope="col">Payment</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col">Reason</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {state.refundOrder.map((id) => {
                const refund = state.refunds.get(id);
                if (!refund) return null;
                const payment = customers.get(refund.paymentId);
                const note = refund.metadata['note'];
                return (
                  <tr key={id} data-refund-id={id} data-payment-id={refund.paymentId}>
                    <td>
                      <div className="mono">{id}</div>
                      <div className="muted nowrap">{when(refund.createdAt)}</div>
                    </td>
                    <td>
                      <div>{payment?.customer.name ?? refund.paymentId}</div>
                      <div className="muted">{payment?.description}</div>
                    </td>
                    <td className="num">{money(refund.amount.amount, refund.amount.currency)}</td>
                    <td>
                      <div>{refund.reason ? messages.reasons[refund.reason] : messages.noReason}</div>
                      {note ? <div className="muted">“{note}”</div> : null}
                    </td>
                    <td>
                      <RefundStatus refund={refund} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
