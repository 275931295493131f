import { isTerminal, type Payment, type Refund } from '@refundkit/core';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useRefundkit } from './context.js';
import { type Refundable, type RefundableOptions, refundableFor } from './refundable.js';
import type { RefundSnapshot } from './store.js';
import { asRequestError, type CreateRefundInput, type RefundRequestError } from './transport.js';

const NONE: RefundSnapshot = { refund: undefined, error: undefined };
const noop = () => () => {};

/** The refund rules for a payment: what is refundable, whether anything is, and core's check for a draft. */
export function useRefundable(
  payment: Payment,
  refunds: readonly Refund[] = [],
  options: RefundableOptions = {},
): Refundable {
  const { dialect, capabilities, now } = options;
  return useMemo(
    () => refundableFor(payment, refunds, { dialect, capabilities, now }),
    [payment, refunds, dialect, capabilities, now],
  );
}

export interface RefundStatusState {
  readonly refund: Refund | undefined;
  readonly error: RefundRequestError | undefined;
  /** True once the refund cannot change any more (polling has stopped). */
  readonly terminal: boolean;
}

/**
 * A refund kept up to date: polls the backend until the refund is terminal, shared with every other
 * component showing the same id, and stops when the last of them unmounts.
 */
export function useRefundStatus(refundOrId: Refund | string | undefined): RefundStatusState {
  const { store } = useRefundkit();
  const given = typeof refundOrId === 'object' ? refundOrId : undefined;
  const id = typeof refundOrId === 'string' ? refundOrId : given?.id;
  useEffect(() => {
    if (given) store?.offer(given);
  }, [store, given]);
  const subscribe = useMemo(
    () => (store && id ? (listener: () => void) => store.subscribe(id, listener) : noop),
    [store, id],
  );
  const snapshot = useSyncExternalStore(
    subscribe,
    () => (store && id ? store.get(id) : NONE),
    () => NONE,
  );
  // The store's copy wins once it has one: it is never older than what was given.
  const refund = snapshot.refund ?? given;
  return { refund, error: snapshot.error, terminal: refund ? isTerminal(refund.status) : false };
}

export type RefundRequestState = 'idle' | 'submitting' | 'succeeded' | 'failed';

export interface UseRefund {
  readonly state: RefundRequestState;
  readonly refund: Refund | undefined;
  readonly error: RefundRequestError | undefined;
  /**
   * Sends a refund. A call while one is in flight is ignored (returns null). The idempotency key is
   * kept while the same request is retried and replaced after a success or when the request changes.
   */
  submit(input: Omit<CreateRefundInput, 'idempotencyKey'>): Promise<Refund | null>;
  reset(): void;
}

/** A fresh idempotency key. getRandomValues works outside secure contexts too (an admin on plain http). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `rk_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function useRefund(): UseRefund {
  const { transport, store } = useRefundkit();
  const [state, setState] = useState<{
    state: RefundRequestState;
    refund?: Refund;
    error?: RefundRequestError;
  }>({ state: 'idle' });
  // Refs, not state: a double click arrives before React re-renders with `submitting`.
  const inFlight = useRef(false);
  const attempt = useRef<{ key: string; request: string } | null>(null);

  const submit = useCallback(
    async (input: Omit<CreateRefundInput, 'idempotencyKey'>) => {
      if (inFlight.current) return null;
      if (!transport) throw new Error('useRefund needs a <RefundkitProvider transport={…}> above it.');
      inFlight.current = true;
      const request = JSON.stringify([input.paymentId, input.amount, input.reason, input.note ?? '']);
      if (attempt.current?.request !== request) attempt.current = { key: newIdempotencyKey(), request };
      setState({ state: 'submitting' });
      try {
        const refund = await transport.createRefund({ ...input, idempotencyKey: attempt.current.key });
        attempt.current = null;
        store?.offer(refund);
        setState({ state: 'succeeded', refund });
        return refund;
      } catch (caught) {
        const error = asRequestError(caught);
        setState({ state: 'failed', error });
        return null;
      } finally {
        inFlight.current = false;
      }
    },
    [transport, store],
  );
  const reset = useCallback(() => {
    if (!inFlight.current) setState({ state: 'idle' });
  }, []);
  return { ...state, refund: state.refund, error: state.error, submit, reset };
}
