/** Documented magic values that make every outcome reproducible (the spec has no test values). */
export const BLIK_CODES = {
  /** Declined: the pay call answers 402 `payment_declined`; the session stays open. */
  decline: '000000',
  /** Never confirmed: the session stays open and expires at `expires_at`. */
  neverConfirms: '111111',
} as const;

/** Refund metadata `sandbox_outcome` values; default `succeeded`. */
export const SANDBOX_OUTCOMES = ['succeeded', 'failed', 'requires_action'] as const;
