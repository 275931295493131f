import type { ConfirmOutcome } from '../../domain/payments.js';
import { BLIK_CODES } from '../../sandbox.js';

/** Sandbox BLIK codes (the spec has none; the README documents these). */
export function blikOutcome(code: string): ConfirmOutcome {
  if (code === BLIK_CODES.decline) return 'decline';
  if (code === BLIK_CODES.neverConfirms) return 'pending';
  return 'complete';
}
