/**
 * Every rule violation in refundkit has a stable `code`: clients branch on it, the server sends it,
 * and the SDK raises it locally with the same value, so a refusal reads the same wherever it happens.
 * The text is the default message; the package README explains each code at length.
 */
export const ERROR_CODES = {
  amount_invalid: 'Invalid amount.',
  amount_below_minimum: 'Amount below the minimum.',
  amount_exceeds_refundable: 'Amount exceeds what is refundable.',
  already_refunded: 'Already fully refunded.',
  partial_not_supported: 'Partial refunds are not supported.',
  too_many_refunds: 'Too many refunds for this payment.',
  reason_invalid: 'Invalid reason.',
  metadata_invalid:
    'Metadata allows 50 keys of 1 to 40 characters without [ ], with string values up to 500.',
  currency_invalid: 'Unknown currency.',
  currency_mismatch: 'Currency differs from the payment.',
  payment_not_refundable: 'The payment is not paid.',
  payment_not_settled: 'The payment has not settled.',
  payment_disputed: 'The payment is disputed.',
  refund_window_expired: 'The refund window has closed.',
  invalid_transition: 'Statuses only move forward.',
  status_invalid: 'Unknown status.',
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
