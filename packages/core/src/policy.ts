import { CAPABILITIES, type Capabilities } from './capabilities.js';
import { isCurrency } from './currency.js';
import type { Dialect } from './dialect.js';
import { fail, ok, type RefundErrorCode, type Result } from './errors.js';
import { type Metadata, validateMetadata } from './metadata.js';
import type { PaymentSnapshot, RefundHold } from './model.js';
import { isMinorUnits } from './money.js';
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
  const { captured } = payment;
  // Refusals carry their numbers in `details`; the message is the code's own.
  const no = (code: RefundErrorCode, param?: string, details?: Record<string, unknown>) =>
    fail<NormalizedRefund>(code, undefined, { param, details });

  // Shape of the request.
  const { amount } = request;
  if (amount !== undefined && !(isMinorUnits(amount) && amount > 0)) {
    return no('amount_invalid', 'amount');
  }
  const currency = payment.currency.toUpperCase();
  const asked = request.currency;
  if (asked !== undefined) {
    if (!isCurrency(asked)) return no('currency_invalid', 'currency');
    if (asked.toUpperCase() !== currency) return no('currency_mismatch', 'currency', { currency });
  }
  const reason = request.reason ?? null;
  const reasonText = reason === 'other' ? (request.reasonText ?? null) : null;
  if (
    (reason !== null && !isRefundReason(reason)) ||
    (reason === 'other' && !caps.freeTextReason) ||
    (reasonText !== null && !(typeof reasonText === 'string' && reasonText.length <= MAX_REASON_TEXT))
  ) {
    return no('reason_invalid', 'reason');
  }
  if (request.metadata !== undefined && !caps.metadata) return no('metadata_invalid', 'metadata');
  const metadata = validateMetadata(request.metadata);
  if (!metadata.ok) return metadata;

  // The payment.
  if (payment.state !== 'succeeded' || captured <= 0) {
    return no('payment_not_refundable', undefined, {
      state: payment.state,
    });
  }
  if (payment.disputed) return no('payment_disputed');
  if (caps.requiresSettled && !payment.settled) return no('payment_not_settled');
  const { refundWindowDays, maxRefundsPerPayment, minimumAmount } = caps;
  if (refundWindowDays !== null && now - payment.capturedAt > refundWindowDays * DAY) {
    return no('refund_window_expired', undefined, {
      refundWindowDays,
    });
  }

  // The cap.
  const refundable = refundableAmount(payment, refunds);
  if (refundable === 0) return no('already_refunded', undefined, { refundable, captured });
  if (
    maxRefundsPerPayment !== null &&
    refunds.filter((r) => holdsFunds(r.status)).length >= maxRefundsPerPayment
  ) {
    return no('too_many_refunds', undefined, {
      maxRefundsPerPayment,
    });
  }
  const wanted = amount ?? refundable;
  if (wanted > refundable) {
    return no('amount_exceeds_refundable', 'amount', {
      refundable,
      requested: wanted,
    });
  }
  // wanted <= refundable <= captured: taking the whole capture leaves no earlier refund standing.
  if (!caps.partialRefunds && wanted !== captured) return no('partial_not_supported', 'amount', { captured });
  if (wanted < minimumAmount) {
    return no('amount_below_minimum', 'amount', { minimumAmount });
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
