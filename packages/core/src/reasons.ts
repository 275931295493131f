import { type Dialect, lookup } from './dialect.js';
import { RefundError } from './errors.js';

export const REFUND_REASONS = ['requested_by_customer', 'duplicate', 'fraudulent', 'other'] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

const words = {
  requested_by_customer: 'requested_by_customer',
  duplicate: 'duplicate',
  fraudulent: 'fraudulent',
} as const;

/** Canonical reason -> the dialect's word. `other` only where the dialect takes free text. */
export const REASON_WORDS: Readonly<Record<Dialect, Readonly<Partial<Record<RefundReason, string>>>>> = {
  convergegate: { ...words, duplicate: 'duplicated' },
  stripe: words,
  checkout: { ...words, other: 'other' },
};

export function isRefundReason(value: unknown): value is RefundReason {
  return (REFUND_REASONS as readonly unknown[]).includes(value);
}

/** The words a dialect accepts as `reason`. */
export function dialectReasons(dialect: Dialect): string[] {
  return Object.values(REASON_WORDS[dialect]) as string[];
}

/** Canonical -> dialect word. Throws `reason_invalid` when the dialect has no word for it. */
export function reasonToDialect(reason: RefundReason, dialect: Dialect): string {
  const word = lookup(REASON_WORDS[dialect], reason);
  if (word === undefined) {
    throw new RefundError('reason_invalid', undefined, {
      param: 'reason',
    });
  }
  return word;
}

/** Dialect word -> canonical reason. Throws `reason_invalid` listing the accepted words. */
export function reasonFromDialect(word: unknown, dialect: Dialect, param = 'reason'): RefundReason {
  for (const [reason, spelled] of Object.entries(REASON_WORDS[dialect])) {
    if (spelled === word) return reason as RefundReason;
  }
  throw new RefundError('reason_invalid', `Reason must be one of ${dialectReasons(dialect).join(', ')}.`, {
    param,
  });
}
