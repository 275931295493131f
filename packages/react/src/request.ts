import type { Refund } from '@refundkit/core';
import { type Attempt, type AttemptInput, attemptFor } from './attempt.js';
import type { RefundRequestError } from './transport.js';

export type RefundRequestState = 'idle' | 'submitting' | 'succeeded' | 'failed';

/** useRefund's machine: one request at a time, and the attempt its key belongs to. */
export type RequestMachine =
  | { readonly state: 'idle'; readonly attempt: Attempt | null }
  | { readonly state: 'submitting'; readonly attempt: Attempt }
  | { readonly state: 'succeeded'; readonly attempt: null; readonly refund: Refund }
  | { readonly state: 'failed'; readonly attempt: Attempt; readonly error: RefundRequestError };

export type RequestEvent =
  /** `key` is a fresh idempotency key, taken only when this is a new attempt. */
  | { readonly type: 'submit'; readonly input: AttemptInput; readonly key: string }
  | { readonly type: 'succeeded'; readonly refund: Refund }
  | { readonly type: 'failed'; readonly error: RefundRequestError }
  | { readonly type: 'reset' };

export const IDLE: RequestMachine = { state: 'idle', attempt: null };

/**
 * Pure. A submit while one is in flight is ignored (no double submit); answers count only while a
 * request is in flight; reset keeps the unfinished attempt, so an unchanged refund is still its retry.
 */
export function refundRequest(machine: RequestMachine, event: RequestEvent): RequestMachine {
  const inFlight = machine.state === 'submitting';
  switch (event.type) {
    case 'submit':
      if (inFlight) return machine;
      return { state: 'submitting', attempt: attemptFor(machine.attempt, event.input, event.key) };
    case 'succeeded':
      return inFlight ? { state: 'succeeded', attempt: null, refund: event.refund } : machine;
    case 'failed':
      return inFlight ? { state: 'failed', attempt: machine.attempt, error: event.error } : machine;
    case 'reset':
      return inFlight || machine.state === 'idle' ? machine : { state: 'idle', attempt: machine.attempt };
  }
}
