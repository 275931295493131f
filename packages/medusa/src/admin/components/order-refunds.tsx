import { formatMoney } from '@refundkit/core';
import { RefundButton, RefundkitProvider, RefundStatus } from '@refundkit/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  createMedusaTransport,
  fetchOrderRefunds,
  type OrderRefundsBody,
  toPayment,
  toRefund,
} from '../lib/medusa-transport';

export interface OrderRefundsProps {
  /** The order, as Medusa hands it to widgets on the order page. */
  data: { id: string };
  /** The Medusa backend; '' (default) when the admin is served by Medusa itself. */
  baseUrl?: string | undefined;
  fetch?: typeof fetch | undefined;
  locale?: string | undefined;
}

/**
 * The order's ConvergeGate refunds with their live status, a warning when one failed at the gateway,
 * and a refund button per payment that refunds through the plugin's admin route (Medusa's own workflow).
 */
export function OrderRefunds({ data, baseUrl, fetch: fetchImpl, locale }: OrderRefundsProps) {
  const [state, setState] = useState<OrderRefundsBody | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef<OrderRefundsBody | null>(null);

  const load = useCallback(async () => {
    try {
      const next = await fetchOrderRefunds(data.id, { baseUrl, fetch: fetchImpl });
      latest.current = next;
      setState(next);
      setError(null);
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
    }
  }, [data.id, baseUrl, fetchImpl]);

  useEffect(() => {
    void load();
  }, [load]);

  const transport = useMemo(
    () =>
      createMedusaTransport({
        baseUrl,
        fetch: fetchImpl,
        reasonCodes: () => latest.current?.reason_codes,
      }),
    [baseUrl, fetchImpl],
  );

  if (error) {
    return (
      <section className="rk-medusa" aria-label="Refunds">
        <p role="alert">Refund statuses could not be loaded: {error}</p>
      </section>
    );
  }
  if (!state) return <section className="rk-medusa" aria-busy="true" aria-label="Refunds" />;
  if (state.payments.length === 0 && state.refunds.length === 0) return null;

  return (
    <RefundkitProvider transport={transport} locale={locale}>
      <section className="rk-medusa" aria-labelledby={`rk-refunds-${state.order_id}`}>
        <h2 id={`rk-refunds-${state.order_id}`}>Refunds</h2>
        {state.refund_failed ? (
          <p role="alert" className="rk-medusa-failed">
            A refund failed at the gateway: the customer has not been paid back.
          </p>
        ) : null}
        {state.refunds.length ? (
          <ul className="rk-medusa-refunds">
            {state.refunds.map((refund) => (
              <li key={refund.id} data-refund={refund.gateway_refund_id}>
                <span>{formatMoney(refund.amount, refund.currency_code, { locale })}</span>{' '}
                {/* Shows the failure reason beside a failed status. */}
                <RefundStatus refund={toRefund(refund)} />
              </li>
            ))}
          </ul>
        ) : (
          <p>No refunds yet.</p>
        )}
        {state.payments.map((payment) => (
          <RefundButton
            key={payment.id}
            payment={toPayment(payment)}
            refunds={state.refunds.filter((refund) => refund.payment_id === payment.id).map(toRefund)}
            onRefunded={() => void load()}
          />
        ))}
      </section>
    </RefundkitProvider>
  );
}
