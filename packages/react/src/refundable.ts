import {
  CAPABILITIES,
  type Capabilities,
  checkRefund,
  currencyExponent,
  type Dialect,
  formatMoney,
  heldAmount,
  type NormalizedRefund,
  type Payment,
  type Refund,
  type RefundError,
  type RefundHold,
  type RefundReason,
  type Result,
  refundableAmount,
  toDecimalString,
} from '@refundkit/core';
import type { MessageValues, RefundMessages } from './messages.js';

export interface RefundableOptions {
  /** Whose rules apply; defaults to the payment's dialect. */
  dialect?: Dialect | undefined;
  /** A full capability set, for a gateway that is not one of the presets. */
  capabilities?: Capabilities | undefined;
  /** Unix seconds, for the refund window; defaults to the clock. */
  now?: number | undefined;
}

export interface RefundDraft {
  amount?: number | undefined;
  reason?: RefundReason | null | undefined;
  note?: string | undefined;
}

export interface Refundable {
  readonly refundable: number;
  readonly captured: number;
  readonly currency: string;
  readonly dialect: Dialect;
  readonly capabilities: Capabilities;
  /** The gateway takes the full amount only: the amount is fixed. */
  readonly fullOnly: boolean;
  /** Why no refund is possible at all (nothing left, partial after a partial, …); null when one is. */
  readonly blocked: RefundError | null;
  /** Core's policy on a draft, as the server will judge it. */
  check(draft: RefundDraft): Result<NormalizedRefund>;
}

/** The holds on a payment: the refunds given, and what the payment itself says was refunded beyond them. */
function holds(payment: Payment, refunds: readonly Refund[]): RefundHold[] {
  const list: RefundHold[] = refunds
    .filter((r) => r.paymentId === payment.id)
    .map((r) => ({ amount: r.amount.amount, status: r.status }));
  // A list that misses some refunds must not raise the cap above what the payment reports.
  const missing = payment.refunded - heldAmount(list);
  if (missing > 0) list.push({ amount: missing, status: 'succeeded' });
  return list;
}

/** Every refund once, in its latest version: a list fetched or a refund created may be newer than the one given. */
export function mergeRefunds(given: readonly Refund[], ...newer: (readonly Refund[])[]): readonly Refund[] {
  if (newer.every((list) => list.length === 0)) return given;
  const byId = new Map<string, Refund>();
  for (const list of [given, ...newer]) {
    for (const refund of list) {
      const known = byId.get(refund.id);
      if (!known || refund.updatedAt >= known.updatedAt) byId.set(refund.id, refund);
    }
  }
  return [...byId.values()];
}

/** The refund rules for one payment, computed with core. Pure; the hook memoizes it. */
export function refundableFor(
  payment: Payment,
  refunds: readonly Refund[],
  options: RefundableOptions = {},
): Refundable {
  const dialect = options.dialect ?? payment.dialect;
  const capabilities = options.capabilities ?? CAPABILITIES[dialect];
  const list = holds(payment, refunds);
  const snapshot = {
    amount: payment.amount.amount,
    currency: payment.amount.currency,
    captured: payment.captured,
    state: payment.state,
    // The canonical Payment has no capture time or settlement flag; the backend enforces those exactly.
    capturedAt: payment.createdAt,
    settled: true,
  };
  const check = (draft: RefundDraft) =>
    checkRefund({
      payment: snapshot,
      refunds: list,
      capabilities,
      now: options.now,
      request: {
        amount: draft.amount,
        reason: draft.reason ?? null,
        reasonText: draft.reason === 'other' ? draft.note || null : null,
      },
    });
  const whole = check({});
  return {
    refundable: refundableAmount(payment, list),
    captured: payment.captured,
    currency: payment.amount.currency,
    dialect,
    capabilities,
    fullOnly: !capabilities.partialRefunds,
    blocked: whole.ok ? null : whole.error,
    check,
  };
}

/** Formats minor units for display ("¥9,899"). */
export const formatAmount = (amount: number, currency: string, locale: string, dialect?: Dialect) =>
  formatMoney(amount, currency, { locale, dialect });

/** Minor units as the text an amount field starts with: the locale's decimal mark, no grouping ("1234,50"). */
export function amountInputText(amount: number, currency: string, locale: string, dialect?: Dialect): string {
  const digits = currencyExponent(currency, dialect);
  const format = new Intl.NumberFormat(locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    useGrouping: false,
  });
  // A decimal string, so the amount never passes through a float (as in core's formatMoney).
  return format.format(toDecimalString(amount, currency, { dialect }) as unknown as number);
}

/** Everything a message may need, formatted for the locale. */
export function messageValues(
  r: Refundable,
  locale: string,
  extra: {
    amount?: number | undefined;
    error?: RefundError | undefined;
    message?: string;
    code?: string;
  } = {},
): MessageValues {
  const f = (n: number) => formatAmount(n, r.currency, locale, r.dialect);
  const details = extra.error?.details ?? {};
  return {
    amount: f(extra.amount ?? r.refundable),
    refundable: f(r.refundable),
    captured: f(r.captured),
    remaining: f(Math.max(0, r.refundable - (extra.amount ?? r.refundable))),
    minimum: f(r.capabilities.minimumAmount),
    currency: r.currency,
    decimals: currencyExponent(r.currency, r.dialect),
    maxRefunds: r.capabilities.maxRefundsPerPayment ?? 0,
    windowDays: r.capabilities.refundWindowDays ?? 0,
    state: typeof details['state'] === 'string' ? details['state'] : '',
    message: extra.message ?? extra.error?.message ?? '',
    code: extra.code ?? extra.error?.code ?? '',
  };
}

/** An error in words: the messages' text for its code, else the error's own message. */
export function errorWords(
  messages: RefundMessages,
  values: MessageValues,
  code: string,
  fallback: string,
): string {
  const text = Object.hasOwn(messages.errors, code) ? messages.errors[code] : undefined;
  return text ? text(values) : fallback;
}
