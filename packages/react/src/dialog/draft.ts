import { isRefundError, parseAmount, type RefundError, type RefundReason } from '@refundkit/core';
import type { AttemptInput } from '../attempt.js';
import type { Refundable } from '../refundable.js';

/** The form as typed: the amount as text in the locale, the reason, the note. */
export interface Draft {
  readonly amountText: string;
  readonly reason: RefundReason | null;
  readonly note: string;
}

/** A fresh form: the full refundable amount, the usual reason. */
export const freshDraft = (fullText: string): Draft => ({
  amountText: fullText,
  reason: 'requested_by_customer',
  note: '',
});

/** Core's verdict on a draft, as the user types. */
export interface DraftCheck {
  /** What the amount field shows: the full amount when the gateway refunds only that. */
  readonly text: string;
  /** Minor units once the text reads as an amount above zero, valid or not. */
  readonly amount: number | undefined;
  /** Nothing (or zero) typed. */
  readonly empty: boolean;
  readonly problem: RefundError | undefined;
  /** The refund to send, when core accepts the draft. */
  readonly input: AttemptInput | undefined;
}

/** Parses the amount in the payment's currency and locale, then runs core's policy on the draft. Pure. */
export function checkDraft(
  rules: Refundable,
  draft: Draft,
  context: { paymentId: string; locale: string; fullText: string },
): DraftCheck {
  const text = rules.fullOnly ? context.fullText : draft.amountText;
  let amount: number | undefined;
  let problem: RefundError | undefined;
  let empty: boolean;
  try {
    amount =
      parseAmount(text, rules.currency, { locale: context.locale, dialect: rules.dialect }) || undefined;
    empty = amount === undefined;
  } catch (error) {
    if (!isRefundError(error)) throw error;
    empty = text.trim() === '';
    problem = error;
  }
  const { reason, note } = draft;
  const verdict = amount === undefined ? undefined : rules.check({ amount, reason, note });
  if (verdict && !verdict.ok) problem = verdict.error;
  const input =
    verdict?.ok && amount !== undefined
      ? { paymentId: context.paymentId, amount, reason, note: note.trim() || undefined }
      : undefined;
  return { text, amount, empty, problem, input };
}
