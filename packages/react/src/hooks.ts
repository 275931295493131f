import { isTerminal, type Payment, type Refund } from '@refundkit/core';
import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import { type AttemptInput, needTransport, sendAttempt } from './attempt.js';
import { useRefundkit } from './context.js';
import { useMachine } from './machine.js';
import { type Refundable, type RefundableOptions, refundableFor } from './refundable.js';
import { IDLE, type RefundRequestState, refundRequest } from './request.js';
import type { RefundSnapshot } from './store.js';
import type { CreateRefundInput, RefundRequestError } from './transport.js';

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

/** Sends refunds one at a time through the provider's transport, with request.ts's key policy. */
export function useRefund(): UseRefund {
  const { transport, store } = useRefundkit();
  const [machine, send] = useMachine(refundRequest, () => IDLE);

  const submit = useCallback(
    async (input: AttemptInput) => {
      const backend = needTransport(transport, 'useRefund');
      const sending = send({ type: 'submit', input, key: newIdempotencyKey() });
      if (sending?.state !== 'submitting') return null;
      const outcome = await sendAttempt(backend, store, sending.attempt);
      if (!outcome.ok) {
        send({ type: 'failed', error: outcome.error });
        return null;
      }
      send({ type: 'succeeded', refund: outcome.refund });
      return outcome.refund;
    },
    [transport, store, send],
  );
  const reset = useCallback(() => void send({ type: 'reset' }), [send]);
  return {
    state: machine.state,
    refund: machine.state === 'succeeded' ? machine.refund : undefined,
    error: machine.state === 'failed' ? machine.error : undefined,
    submit,
    reset,
  };
}
