import type { RefundReason, RefundStatus } from '@refundkit/core';

/** Values a message can use; amounts arrive already formatted for the locale ("¥9,899"). */
export interface MessageValues {
  /** The amount typed or being refunded. */
  amount: string;
  /** Still refundable now. */
  refundable: string;
  /** Captured (paid) amount. */
  captured: string;
  /** Still refundable after this refund. */
  remaining: string;
  /** Smallest refund allowed. */
  minimum: string;
  currency: string;
  /** Decimal places of the currency. */
  decimals: number;
  maxRefunds: number;
  windowDays: number;
  /** The payment's state (`succeeded`, `canceled`, …). */
  state: string;
  /** The backend's message, for server errors. */
  message: string;
  code: string;
}

type Text = (values: MessageValues) => string;

/** Every word the components show. Replace any of them through the provider's `messages`. */
export interface RefundMessages {
  refund: string;
  dialogTitle: string;
  amountLabel: Text;
  amountHint: Text;
  fullOnlyHint: Text;
  enterAmount: string;
  reasonLabel: string;
  noReason: string;
  reasons: Record<RefundReason, string>;
  noteLabel: string;
  noteHint: string;
  cancel: string;
  review: string;
  edit: string;
  /** The confirm step's sentence: "Refund ¥9,899 of ¥9,899". */
  confirm: Text;
  confirmHint: Text;
  /** After the hint, when a reason is chosen; receives the reason's words. */
  confirmReason: (reason: string) => string;
  confirmButton: Text;
  submitting: string;
  retry: string;
  /** How a server error reads: the words, then the code. */
  serverError: Text;
  done: Text;
  close: string;
  /** Words for error codes: core's, the transport's and any the backend sends. */
  errors: Record<string, Text>;
  status: Record<RefundStatus, string>;
  statusLoading: string;
  statusUnavailable: (values: Pick<MessageValues, 'code' | 'message'>) => string;
  failureReason: (reason: string) => string;
}

export const defaultMessages: RefundMessages = {
  refund: 'Refund',
  dialogTitle: 'Refund payment',
  amountLabel: (v) => `Amount (${v.currency})`,
  amountHint: (v) => `Up to ${v.refundable} of ${v.captured} can be refunded.`,
  fullOnlyHint: (v) => `This gateway refunds the full ${v.captured} only.`,
  enterAmount: 'Enter an amount above zero.',
  reasonLabel: 'Reason',
  noReason: 'No reason given',
  reasons: {
    requested_by_customer: 'Requested by the customer',
    duplicate: 'Duplicate payment',
    fraudulent: 'Fraudulent payment',
    other: 'Other (describe in the note)',
  },
  noteLabel: 'Note (optional)',
  noteHint: 'Kept with the refund, up to 500 characters.',
  cancel: 'Cancel',
  review: 'Review refund',
  edit: 'Edit',
  confirm: (v) => `Refund ${v.amount} of ${v.refundable}`,
  confirmHint: (v) => `${v.remaining} will remain refundable. This cannot be undone.`,
  confirmReason: (reason) => `Reason: ${reason}.`,
  confirmButton: (v) => `Refund ${v.amount}`,
  submitting: 'Refunding…',
  retry: 'Try again',
  serverError: (v) => `${v.message} (code: ${v.code})`,
  done: (v) => `Refund of ${v.amount} created.`,
  close: 'Close',
  errors: {
    amount_invalid: (v) =>
      v.decimals === 0
        ? `Enter a whole amount of ${v.currency}: it has no decimal places.`
        : `Enter an amount of ${v.currency} with at most ${v.decimals} decimal places.`,
    amount_below_minimum: (v) => `The smallest refund is ${v.minimum}.`,
    amount_exceeds_refundable: (v) => `That is more than the ${v.refundable} still refundable.`,
    already_refunded: () => 'Nothing is left to refund: this payment has been refunded in full.',
    partial_not_supported: (v) =>
      `This gateway refunds only the full ${v.captured}, and part of it has already been refunded.`,
    too_many_refunds: (v) => `This payment already has the most refunds allowed (${v.maxRefunds}).`,
    reason_invalid: () => 'Choose a reason from the list; a note for “Other” can be 500 characters at most.',
    metadata_invalid: () => 'The refund details are not valid.',
    currency_invalid: () => 'The currency is not known.',
    currency_mismatch: () => 'The refund must be in the payment’s currency.',
    payment_not_refundable: (v) => `The payment is ${v.state}: only paid payments can be refunded.`,
    payment_not_settled: () => 'The payment has not settled yet; refund it once it has.',
    payment_disputed: () => 'The payment is disputed and cannot be refunded.',
    refund_window_expired: (v) =>
      `Refunds close ${v.windowDays} days after payment, and that time has passed.`,
    network_error: () => 'The server could not be reached. Check the connection and try again.',
  },
  status: {
    pending: 'Pending',
    requires_action: 'Action required',
    succeeded: 'Refunded',
    failed: 'Failed',
    canceled: 'Canceled',
  },
  statusLoading: 'Loading status…',
  statusUnavailable: (v) => `Status unavailable (code: ${v.code})`,
  failureReason: (reason) => `— ${reason}`,
};

/** Replaced messages over the defaults; `errors`, `reasons` and `status` merge key by key. */
export type MessageOverrides = Partial<Omit<RefundMessages, 'errors' | 'reasons' | 'status'>> & {
  errors?: Partial<RefundMessages['errors']>;
  reasons?: Partial<RefundMessages['reasons']>;
  status?: Partial<RefundMessages['status']>;
};

export function mergeMessages(overrides: MessageOverrides = {}): RefundMessages {
  const d = defaultMessages;
  return {
    ...d,
    ...overrides,
    errors: { ...d.errors, ...overrides.errors } as RefundMessages['errors'],
    reasons: { ...d.reasons, ...overrides.reasons },
    status: { ...d.status, ...overrides.status },
  };
}
