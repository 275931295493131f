/**
 * Every rule violation in refundkit has a stable `code`: clients branch on it, the server sends it,
 * and the SDK raises it locally with the same value, so a refusal reads the same wherever it happens.
 */
export const ERROR_CODES = {
  amount_invalid:
    'The amount is not a positive safe integer of minor units, or has more decimals than the currency.',
  amount_below_minimum: 'The amount is below the smallest refund the dialect accepts.',
  amount_exceeds_refundable:
    'The amount is more than is still refundable (captured minus refunds holding money).',
  already_refunded: 'Nothing is left to refund: refunds holding money already cover the captured amount.',
  partial_not_supported: 'The dialect only refunds the whole payment at once.',
  too_many_refunds: 'The payment already has as many refunds as the dialect allows.',
  reason_invalid: 'The reason is not one the dialect accepts.',
  metadata_invalid:
    'Metadata breaks a limit: at most 50 keys, keys up to 40 characters without brackets, string values up to 500.',
  currency_invalid: 'The currency is not an active ISO 4217 code.',
  currency_mismatch: 'The currency differs from the payment’s currency.',
  payment_not_refundable:
    'The payment has not been paid (or was canceled or expired), so there is nothing to refund.',
  payment_not_settled: 'The dialect refunds only settled payments and this one has not settled yet.',
  payment_disputed: 'The payment is disputed; the dispute decides where the money goes.',
  refund_window_expired: 'The payment is older than the dialect’s refund window.',
  invalid_transition:
    'The refund cannot move from its current status with this event (statuses only move forward).',
  status_invalid: 'The status word is not one the dialect uses.',
} as const;

export type RefundErrorCode = keyof typeof ERROR_CODES;

export interface RefundErrorOptions {
  param?: string | undefined;
  /** Machine-readable context (for example `refundable` on an over-refund). */
  details?: Readonly<Record<string, unknown>> | undefined;
}

export class RefundError extends Error {
  override readonly name = 'RefundError';
  readonly code: RefundErrorCode;
  readonly param: string | undefined;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: RefundErrorCode, message?: string, options: RefundErrorOptions = {}) {
    super(message ?? ERROR_CODES[code]);
    this.code = code;
    this.param = options.param;
    this.details = options.details ?? {};
  }

  toJSON(): { code: RefundErrorCode; message: string; param: string | undefined } {
    return { code: this.code, message: this.message, param: this.param };
  }
}

export function isRefundError(value: unknown): value is RefundError {
  return value instanceof RefundError;
}

/** Checks return a Result instead of throwing so callers (the server, a form) can branch without try/catch. */
export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: RefundError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(
  code: RefundErrorCode,
  message?: string,
  options?: RefundErrorOptions,
): Result<T> => ({ ok: false, error: new RefundError(code, message, options) });
