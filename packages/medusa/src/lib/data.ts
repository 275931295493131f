import { MedusaError } from '@medusajs/framework/utils';
import type { RefundStatus } from '@refundkit/core';

/** A refund this provider sent, as kept in Medusa's `payment.data` (which the provider owns). */
export interface RefundEntry {
  id: string;
  amount: number;
  status: RefundStatus;
  reason: string | null;
  idempotency_key: string;
  /** Medusa's refund row the call was made for (the latest one, after a retry). */
  medusa_refund_id: string | null;
  /** Unix seconds, as the gateway reports it. */
  created_at: number;
}

/** What the provider keeps in a payment session's / payment's `data`. Amounts in minor units. */
export interface ProviderData {
  session_id: string;
  url: string | null;
  status: string;
  amount: number;
  currency: string;
  medusa_session_id: string | null;
  refunds: RefundEntry[];
  /**
   * The payer and return URLs the session was opened with, kept so that a session Medusa asks to
   * renew (a new amount) can be opened again: Medusa replaces its session data with what the
   * provider returns, so anything not carried here would be lost.
   */
  checkout: CheckoutFields;
}

export const CHECKOUT_FIELDS = [
  'customer_email',
  'customer_firstname',
  'customer_lastname',
  'success_url',
  'cancel_url',
] as const;

export type CheckoutFields = Partial<Record<(typeof CHECKOUT_FIELDS)[number], string>>;

/** The checkout fields present (non-empty strings) in a session's data. */
export function checkoutFields(data: Record<string, unknown> | undefined): CheckoutFields {
  const fields: CheckoutFields = {};
  for (const key of CHECKOUT_FIELDS) {
    const value = data?.[key];
    if (typeof value === 'string' && value !== '') fields[key] = value;
  }
  return fields;
}

/** The data Medusa stores: the checkout fields flat, as a storefront passes them in. */
export function toMedusaData(data: ProviderData): Record<string, unknown> {
  const { checkout, ...rest } = data;
  return { ...checkout, ...rest };
}

export function readData(data: Record<string, unknown> | undefined): ProviderData {
  const sessionId = data?.session_id;
  if (typeof sessionId !== 'string' || sessionId === '') {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      'This payment has no ConvergeGate checkout session (data.session_id is missing).',
    );
  }
  return {
    session_id: sessionId,
    url: typeof data?.url === 'string' ? data.url : null,
    status: typeof data?.status === 'string' ? data.status : 'open',
    amount: typeof data?.amount === 'number' ? data.amount : 0,
    currency: typeof data?.currency === 'string' ? data.currency : '',
    medusa_session_id: typeof data?.medusa_session_id === 'string' ? data.medusa_session_id : null,
    refunds: Array.isArray(data?.refunds) ? (data.refunds as RefundEntry[]) : [],
    checkout: checkoutFields(data),
  };
}

/** Replaces the entry for the same gateway refund (a replayed call) or appends a new one. */
export function withRefund(data: ProviderData, entry: RefundEntry): ProviderData {
  const others = data.refunds.filter((r) => r.id !== entry.id);
  return { ...data, refunds: [...others, entry] };
}

/**
 * The idempotency key of one logical refund: the session, how much Medusa had already refunded
 * before it, and how much it asks. Medusa deletes its refund row when the provider throws and
 * makes a new one on retry, so a key from the row id would change and a refund the gateway had
 * already accepted (a timeout after the fact) would be paid twice; this one stays the same.
 */
export function refundKey(sessionId: string, refundedBefore: number, amount: number): string {
  return `medusa-refund:${sessionId}:${refundedBefore}:${amount}`;
}
