import { advance, isTerminal, type Refund } from '@refundkit/core';
import { asRequestError, type RefundRequestError, type RefundTransport } from './transport.js';

export interface RefundSnapshot {
  readonly refund: Refund | undefined;
  readonly error: RefundRequestError | undefined;
}

export interface PollingOptions {
  /** First wait between polls, ms. Default 1000. */
  initialDelay?: number | undefined;
  /** Longest wait between polls, ms. Default 30000. */
  maxDelay?: number | undefined;
  /** Growth of the wait after each poll that brings no change. Default 1.5. */
  factor?: number | undefined;
}

/**
 * One poller per refund id, whatever the number of components showing it: they subscribe here and
 * the store fetches once for all of them, backing off while nothing changes and stopping when the
 * refund is terminal or the last subscriber leaves.
 */
export interface RefundStore {
  subscribe(id: string, listener: () => void): () => void;
  get(id: string): RefundSnapshot;
  /** Offers a refund the caller already has (a prop, a create response); older news is ignored. */
  offer(refund: Refund): void;
}

interface Entry {
  snapshot: RefundSnapshot;
  listeners: Set<() => void>;
  timer: ReturnType<typeof setTimeout> | undefined;
  controller: AbortController | undefined;
  delay: number;
}

const EMPTY: RefundSnapshot = { refund: undefined, error: undefined };

/** True when `next` is news about `current`: a forward step, or the same status updated later. */
function isNewer(current: Refund | undefined, next: Refund): boolean {
  if (!current) return true;
  const step = advance(current.status, next.status);
  if (!step.ok) return false;
  return step.value.changed || next.updatedAt > current.updatedAt;
}

export function createRefundStore(transport: RefundTransport, options: PollingOptions = {}): RefundStore {
  const initialDelay = options.initialDelay ?? 1000;
  const maxDelay = options.maxDelay ?? 30_000;
  const factor = options.factor ?? 1.5;
  const entries = new Map<string, Entry>();

  const entry = (id: string): Entry => {
    let found = entries.get(id);
    if (!found) {
      found = {
        snapshot: EMPTY,
        listeners: new Set(),
        timer: undefined,
        controller: undefined,
        delay: initialDelay,
      };
      entries.set(id, found);
    }
    return found;
  };

  const publish = (e: Entry, snapshot: RefundSnapshot) => {
    e.snapshot = snapshot;
    for (const listener of [...e.listeners]) listener();
  };

  const accept = (e: Entry, refund: Refund): boolean => {
    if (!isNewer(e.snapshot.refund, refund)) return false;
    publish(e, { refund, error: undefined });
    return true;
  };

  function schedule(id: string, e: Entry) {
    const refund = e.snapshot.refund;
    if (e.timer || e.controller || e.listeners.size === 0 || (refund && isTerminal(refund.status))) return;
    e.timer = setTimeout(() => poll(id, e), refund || e.snapshot.error ? e.delay : 0);
  }

  function poll(id: string, e: Entry) {
    e.timer = undefined;
    // An offer may have brought the final status while this poll was waiting.
    if (e.snapshot.refund && isTerminal(e.snapshot.refund.status)) return;
    const controller = new AbortController();
    e.controller = controller;
    transport.getRefund(id, controller.signal).then(
      (refund) => {
        if (controller.signal.aborted) return;
        e.controller = undefined;
        // A change means things are moving: look again soon. No change: wait longer each time.
        e.delay = accept(e, refund) ? initialDelay : Math.min(maxDelay, e.delay * factor);
        schedule(id, e);
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        e.controller = undefined;
        publish(e, { refund: e.snapshot.refund, error: asRequestError(error) });
        e.delay = Math.min(maxDelay, e.delay * factor);
        schedule(id, e);
      },
    );
  }

  return {
    subscribe(id, listener) {
      const e = entry(id);
      e.listeners.add(listener);
      schedule(id, e);
      return () => {
        e.listeners.delete(listener);
        if (e.listeners.size > 0) return;
        clearTimeout(e.timer);
        e.timer = undefined;
        e.controller?.abort();
        e.controller = undefined;
        e.delay = initialDelay;
      };
    },
    get: (id) => entries.get(id)?.snapshot ?? EMPTY,
    offer(refund) {
      const e = entry(refund.id);
      if (accept(e, refund)) schedule(refund.id, e);
    },
  };
}
