import { CAPABILITIES, type Capabilities } from './capabilities.js';
import { isCurrency } from './currency.js';
import type { Dialect } from './dialect.js';
import { fail, ok, type Result } from './errors.js';
import { type Metadata, validateMetadata } from './metadata.js';
import type { PaymentSnapshot, RefundHold } from './model.js';
import { isRefundReason, type RefundReason } from './reasons.js';
import { holdsFunds } from './status.js';

/** Sum of refunds that hold money against the payment. */
export function heldAmount(refunds: readonly RefundHold[]): number {
  let sum = 0;
  for (const refund of refunds) if (holdsFunds(refund.status)) sum += refund.amount;
  return sum;
}

/** refundable = captured − Σ(pending, requires_action, succeeded); never below zero. */
export function refundableAmount(
  payment: Pick<PaymentSnapshot, 'captured'>,
  refunds: readonly RefundHold[],
): number {
  return Math.max(0, payment.captured - heldAmount(refunds));
}

export interface RefundRequest {
  /** Minor units; omitted = everything still refundable. */
  readonly amount?: number | undefined;
  /** When given, must equal the payment's currency. */
  readonly currency?: string | undefined;
  readonly reason?: RefundReason | null | undefined;
  readonly reasonText?: string | null | undefined;
  readonly metadata?: unknown;
}

export interface NormalizedRefund {
  readonly amount: number;
  readonly currency: string;
  readonly reason: RefundReason | null;
  readonly reasonText: string | null;
  readonly metadata: Metadata;
  /** True when this refund takes everything that was left. */
  readonly full: boolean;
  /** Still refundable once this refund holds its amount. */
  readonly remaining: number;
}

export interface RefundCheck {
  readonly payment: PaymentSnapshot;
  readonly refunds: readonly RefundHold[];
  readonly request: RefundRequest;
  /** A preset name or a full capability set. Default: `convergegate`. */
  readonly capabilities?: Dialect | Capabilities | undefined;
  /** Unix seconds; defaults to the clock. Pass it for reproducible checks. */
  readonly now?: number | undefined;
}

const DAY = 86_400;
const MAX_REASON_TEXT = 500;

/**
 * The one refund rule. Pure: the same input gives the same answer, nothing is read or written.
 * Checks run from "is this request well formed" to "does it fit the payment", so the error names
 * the first thing a caller has to fix.
 */
export function checkRefund(input: RefundCheck): Result<NormalizedRefund> {
  const { payment, refunds, request } = input;
  const caps =
    typeof input.capabilities === 'object'
      ? input.capabilities
      : CAPABILITIES[input.capabilities ?? 'convergegate'];
  const now = input.now ?? Math.floor(Date.now() / 1000);

  // Shape of the request.
  const { amount } = request;
  if (amount !== undefined && !(typeof amount === 'number' && Number.isSafeInteger(amount) && amount > 0)) {
    return fail('amount_invalid', 'Amount must be a positive integer in the currency’s minor unit.', {
      param: 'amount',
    });
  }
  const currency = payment.currency.toUpperCase();
  if (request.currency !== undefined) {
    if (!isCurrency(request.currency)) {
      return fail('currency_invalid', `Unknown currency: ${request.currency}.`, { param: 'currency' });
    }
    if (request.currency.toUpperCase() !== currency) {
      return fail(
        'currency_mismatch',
        `The payment is in ${currency}, not ${request.currency.toUpperCase()}.`,
        {
          param: 'currency',
        },
      );
    }
  }
  const reason = request.reason ?? null;
  if (reason !== null && !isRefundReason(reason)) {
    return fail('reason_invalid', `Unknown reason: ${String(reason)}.`, { param: 'reason' });
  }
  if (reason === 'other' && !caps.freeTextReason) {
    return fail('reason_invalid', 'This gateway takes only requested_by_customer, duplicate or fraudulent.', {
      param: 'reason',
    });
  }
  const reasonText = reason === 'other' ? (request.reasonText ?? null) : null;
  if (reasonText !== null && (typeof reasonText !== 'string' || reasonText.length > MAX_REASON_TEXT)) {
    return fail(
      'reason_invalid',
      `The reason text must be a string of at most ${MAX_REASON_TEXT} characters.`,
      {
        param: 'reason',
      },
    );
  }
  if (request.metadata !== undefined && !caps.metadata) {
    return fail('metadata_invalid', 'This gateway takes no refund metadata.', { param: 'metadata' });
  }
  const metadata = validateMetadata(request.metadata);
  if (!metadata.ok) return metadata;

  // The payment.
  if (payment.state !== 'succeeded' || payment.captured <= 0) {
    return fail(
      'payment_not_refundable',
      `The payment is ${payment.state}; only paid payments can be refunded.`,
      {
        details: { state: payment.state },
      },
    );
  }
  if (payment.disputed) return fail('payment_disputed', 'The payment is disputed and cannot be refunded.');
  if (caps.requiresSettled && !payment.settled) {
    return fail('payment_not_settled', 'The payment has not settled yet; refund it once it has.');
  }
  if (caps.refundWindowDays !== null && now - payment.capturedAt > caps.refundWindowDays * DAY) {
    return fail(
      'refund_window_expired',
      `Refunds are accepted for ${caps.refundWindowDays} days after payment.`,
      {
        details: { refundWindowDays: caps.refundWindowDays },
      },
    );
  }

  // The cap.
  const refundable = refundableAmount(payment, refunds);
  if (refundable === 0) {
    return fail('already_refunded', 'The payment has already been fully refunded.', {
      details: { refundable: 0, captured: payment.captured },
    });
  }
  const holding = refunds.filter((r) => holdsFunds(r.status)).length;
  if (caps.maxRefundsPerPayment !== null && holding >= caps.maxRefundsPerPayment) {
    return fail('too_many_refunds', `A payment can have at most ${caps.maxRefundsPerPayment} refunds.`, {
      details: { maxRefundsPerPayment: caps.maxRefundsPerPayment },
    });
  }
  const wanted = amount ?? refundable;
  if (!caps.partialRefunds && (wanted !== payment.captured || refundable !== payment.captured)) {
    return fail('partial_not_supported', 'This gateway refunds only the full amount; omit the amount.', {
      param: 'amount',
      details: { captured: payment.captured },
    });
  }
  if (wanted > refundable) {
    return fail(
      'amount_exceeds_refundable',
      `Refund amount (${wanted}) is greater than the amount still refundable (${refundable}).`,
      { param: 'amount', details: { refundable, requested: wanted } },
    );
  }
  if (wanted < caps.minimumAmount) {
    return fail('amount_below_minimum', `The smallest refund is ${caps.minimumAmount} minor units.`, {
      param: 'amount',
      details: { minimumAmount: caps.minimumAmount },
    });
  }
  return ok({
    amount: wanted,
    currency,
    reason,
    reasonText,
    metadata: metadata.value as Metadata,
    full: wanted === refundable,
    remaining: refundable - wanted,
  });
}
