import { expect } from 'vitest';
import type { Attempt } from '../attempt.js';

const refundOf = (attempt: Attempt) => {
  const { paymentId, amount, reason, note } = attempt.input;
  return JSON.stringify([paymentId, amount, reason, note ?? '']);
};

/**
 * Follows the requests a machine starts and their answers, and fails on what must never happen: a send
 * while one is in flight, one key sent for two different refunds, a key sent again after its refund
 * was created.
 */
export function keyLedger() {
  const refunds = new Map<string, string>();
  const created = new Set<string>();
  let inFlight: Attempt | null = null;
  return {
    sent(attempt: Attempt | null) {
      expect(attempt).not.toBeNull();
      if (!attempt) return;
      expect(inFlight).toBeNull();
      expect(created.has(attempt.key)).toBe(false);
      expect(refunds.get(attempt.key) ?? refundOf(attempt)).toBe(refundOf(attempt));
      refunds.set(attempt.key, refundOf(attempt));
      inFlight = attempt;
    },
    answered(ok: boolean) {
      expect(inFlight).not.toBeNull();
      if (ok && inFlight) created.add(inFlight.key);
      inFlight = null;
    },
  };
}
