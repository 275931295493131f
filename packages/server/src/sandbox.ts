import { DomainError } from './domain/errors.js';

/** Documented magic values that make every outcome reproducible (the spec has no test values). */
export const BLIK_CODES = {
  /** Declined: the pay call answers 402 `payment_declined`; the session stays open. */
  decline: '000000',
  /** Never confirmed: the session stays open and expires at `expires_at`. */
  neverConfirms: '111111',
} as const;

/** Refund metadata `sandbox_outcome` values; default `succeeded`. */
export const SANDBOX_OUTCOMES = ['succeeded', 'failed', 'requires_action'] as const;

/**
 * A refund's `sandbox_outcome` must be one of the documented values: a typo ("fialed") would
 * otherwise succeed silently and the test relying on it would pass for the wrong reason.
 */
export function checkSandboxOutcome(metadata: Readonly<Record<string, string>>, param: string): void {
  const outcome = metadata['sandbox_outcome'];
  if (outcome !== undefined && !(SANDBOX_OUTCOMES as readonly string[]).includes(outcome)) {
    throw new DomainError(
      'invalid_request',
      'parameter_invalid',
      `Invalid ${param}: must be one of ${SANDBOX_OUTCOMES.join(', ')}.`,
      param,
    );
  }
}
