import { expect } from 'vitest';
import type { Attempt } from '../attempt.js';
import type { Transition } from '../machine.js';

const refundOf = (attempt: Attempt) => {
  const { paymentId, amount, reason, note } = attempt.input;
  return JSON.stringify([paymentId, amount, reason, note ?? '']);
};

/**
 * Replays events through a machine that sends refunds (the dialog's flow, useRefund's machine) and
 * fails on what must never happen: a send while one is in flight, one key sent for two different
 * refunds, a key sent again after its refund was created. A `submit` the machine takes is a send;
 * a `succeeded` or `failed` it takes is the answer. `check` sees every step, for invariants of its own.
 */
export function replaySends<
  S extends { readonly attempt: Attempt | null },
  E extends { readonly type: string },
>(
  transition: Transition<S, E>,
  initial: S,
  events: readonly E[],
  check: (before: S, event: E, after: S) => void = () => {},
) {
  const refunds = new Map<string, string>();
  const created = new Set<string>();
  let inFlight: Attempt | null = null;
  let state = initial;
  for (const event of events) {
    const next = transition(state, event);
    check(state, event, next);
    if (next !== state && event.type === 'submit') {
      const sent = next.attempt;
      expect(sent).not.toBeNull();
      expect(inFlight).toBeNull();
      if (!sent) return;
      expect(created.has(sent.key)).toBe(false);
      expect(refunds.get(sent.key) ?? refundOf(sent)).toBe(refundOf(sent));
      refunds.set(sent.key, refundOf(sent));
      inFlight = sent;
    }
    if (next !== state && (event.type === 'succeeded' || event.type === 'failed')) {
      expect(inFlight).not.toBeNull();
      if (event.type === 'succeeded' && inFlight) created.add(inFlight.key);
      inFlight = null;
    }
    state = next;
  }
}
