import { useEffect } from 'react';
import type { RefundTransport } from '../transport.js';
import type { FlowEvent, Step } from './flow.js';

/**
 * What the flow's `rereading` step asks for: a cap refusal means someone else refunded meanwhile, so
 * the payment's refunds are read once, and the cap, the words and the form all show what is really left.
 */
export function useReread(
  step: Step,
  send: (event: FlowEvent) => unknown,
  transport: RefundTransport | null,
  paymentId: string,
) {
  // Keyed on the step object: it stays the same while the dialog closes and reopens, so one read per refusal.
  const rereading = step.name === 'rereading' ? step : null;
  useEffect(() => {
    if (!rereading) return;
    if (!transport?.listRefunds) {
      send({ type: 'rereadFailed' });
      return;
    }
    const controller = new AbortController();
    // An answer after the cleanup is for a payment or transport this dialog no longer shows.
    transport.listRefunds(paymentId, controller.signal).then(
      (refunds) => controller.signal.aborted || send({ type: 'reread', refunds }),
      () => controller.signal.aborted || send({ type: 'rereadFailed' }),
    );
    return () => controller.abort();
  }, [rereading, transport, paymentId, send]);
}
