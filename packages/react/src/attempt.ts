import type { Refund } from '@refundkit/core';
import type { RefundStore } from './store.js';
import {
  asRequestError,
  type CreateRefundInput,
  type RefundRequestError,
  type RefundTransport,
} from './transport.js';

/** A refund as the user asked for it: what an idempotency key stands for. */
export type AttemptInput = Omit<CreateRefundInput, 'idempotencyKey'>;

/** One refund the user means to make, however many times it is sent: one key for all its sends. */
export interface Attempt {
  readonly input: AttemptInput;
  readonly key: string;
}

const sameRefund = (a: AttemptInput, b: AttemptInput) =>
  a.paymentId === b.paymentId &&
  a.amount === b.amount &&
  a.reason === b.reason &&
  (a.note ?? '') === (b.note ?? '');

/**
 * The attempt a send belongs to. The same refund as the unfinished attempt is its retry, under its key,
 * so a send whose answer was lost can never refund twice; any other refund is a new attempt under
 * `freshKey`. A success finishes an attempt: the machines then hold none, and the next send is new.
 */
export function attemptFor(unfinished: Attempt | null, input: AttemptInput, freshKey: string): Attempt {
  return unfinished && sameRefund(unfinished.input, input) ? unfinished : { input, key: freshKey };
}

export type Outcome =
  | { readonly ok: true; readonly refund: Refund }
  | { readonly ok: false; readonly error: RefundRequestError };

/** Sends an attempt under its key. A created refund goes to the store at once, so every badge starts from it. */
export async function sendAttempt(
  transport: RefundTransport,
  store: RefundStore | null,
  attempt: Attempt,
): Promise<Outcome> {
  try {
    const refund = await transport.createRefund({ ...attempt.input, idempotencyKey: attempt.key });
    store?.offer(refund);
    return { ok: true, refund };
  } catch (caught) {
    return { ok: false, error: asRequestError(caught) };
  }
}

/** The provider's transport, or a plain statement of what is missing. */
export function needTransport(transport: RefundTransport | null, who: string): RefundTransport {
  if (!transport) throw new Error(`${who} needs a <RefundkitProvider transport={…}> above it.`);
  return transport;
}
