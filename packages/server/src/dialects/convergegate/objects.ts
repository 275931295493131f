import { type RefundReason, reasonToDialect } from '@refundkit/core';
import type { EventKind, PaymentRow, RefundRow, Renderer } from '../../domain/context.js';

/** A checkout session as ConvergeGate shows it (both documented spellings of the renamed fields). */
export interface ConvergeGateSession {
  id: string;
  status: 'open' | 'completed' | 'expired';
  amount_total: number;
  amount_subtotal: number;
  /** The Pay example's spelling of `amount_subtotal`. */
  amount_sub_total: number;
  amount_refunded: number;
  /** Lower case, as in the examples. */
  currency: string;
  url: string;
  success_url: string;
  cancel_url: string;
  notification_url: string;
  customer_email: string;
  customer_firstname: string;
  customer_lastname: string;
  customer_phone: string;
  customer_ip: string;
  customer_country: string;
  payment_method_types: string[];
  locale: string;
  /** Unix seconds. */
  expires_at: number | null;
  /** The Pay example's spelling of `expires_at`. */
  expire_at: number | null;
  metadata: Record<string, string>;
  livemode: boolean;
  created_at: number;
}

export type ConvergeGateRefundStatus = 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';
export type ConvergeGateReason = 'requested_by_customer' | 'duplicated' | 'fraudulent';

export interface ConvergeGateRefund {
  id: string;
  amount: number;
  status: ConvergeGateRefundStatus;
  reason: ConvergeGateReason | null;
  /** Unix seconds. */
  created_at: number;
  livemode: boolean;
  session_id: string;
  currency: string;
  metadata: Record<string, string>;
  failure_reason: string | null;
  updated_at: number;
}

export type ConvergeGateEventType =
  | 'checkout.session.created'
  | 'checkout.session.completed'
  | 'checkout.session.expired'
  | 'refund.created'
  | 'refund.succeeded'
  | 'refund.failed'
  | 'refund.requires_action'
  | 'refund.canceled';

export interface ConvergeGateEvent<T = ConvergeGateSession | ConvergeGateRefund> {
  /** `evt_…`, unique: receivers de-duplicate on it. */
  id: string;
  type: ConvergeGateEventType;
  created_at: number;
  livemode: boolean;
  data: { object: T };
}

export interface ConvergeGateList<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
}

export type ConvergeGateErrorType =
  | 'api_error'
  | 'authentication_error'
  | 'permission_error'
  | 'voucher_error'
  | 'invalid_request_error';

export interface ConvergeGateError {
  error: {
    type: ConvergeGateErrorType;
    message: string;
    param?: string;
    /** Stable machine-readable reason: core's codes for refund rules, the server's otherwise. */
    code: string;
    decline_code?: string;
  };
}

const seconds = (ms: number | null): number | null => (ms === null ? null : Math.floor(ms / 1000));
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export const SESSION_STATUS: Record<string, ConvergeGateSession['status']> = {
  requires_payment: 'open',
  succeeded: 'completed',
  expired: 'expired',
};

export function renderSession(row: PaymentRow, baseUrl: string): ConvergeGateSession {
  const d = row.data;
  const expires = seconds(row.expires_at);
  return {
    id: row.id,
    status: SESSION_STATUS[row.state] ?? 'open',
    amount_total: row.amount,
    amount_subtotal: row.amount,
    amount_sub_total: row.amount,
    amount_refunded: row.amount_refunded,
    currency: row.currency.toLowerCase(),
    url: `${baseUrl}/pay/${row.id}`,
    success_url: text(d['success_url']),
    cancel_url: text(d['cancel_url']),
    notification_url: row.notification_url ?? '',
    customer_email: text(d['customer_email']),
    customer_firstname: text(d['customer_firstname']),
    customer_lastname: text(d['customer_lastname']),
    customer_phone: '',
    customer_ip: text(d['customer_ip']),
    customer_country: text(d['customer_country']),
    payment_method_types: Array.isArray(d['payment_method_types'])
      ? (d['payment_method_types'] as string[])
      : ['blik'],
    locale: text(d['locale']),
    expires_at: expires,
    expire_at: expires,
    metadata: row.metadata,
    livemode: row.livemode,
    created_at: seconds(row.created_at) as number,
  };
}

export function renderRefund(row: RefundRow): ConvergeGateRefund {
  return {
    id: row.id,
    amount: row.amount,
    status: row.status as ConvergeGateRefundStatus,
    reason:
      row.reason === null
        ? null
        : (reasonToDialect(row.reason as RefundReason, 'convergegate') as ConvergeGateReason),
    created_at: seconds(row.created_at) as number,
    livemode: row.livemode,
    session_id: row.payment_id,
    currency: row.currency.toLowerCase(),
    metadata: row.metadata,
    failure_reason: row.failure_reason,
    updated_at: seconds(row.updated_at) as number,
  };
}

// Metadata updates are not announced in this dialect.
const EVENT_TYPES: Record<Exclude<EventKind, 'refund.updated'>, ConvergeGateEventType> = {
  'payment.created': 'checkout.session.created',
  'payment.succeeded': 'checkout.session.completed',
  'payment.expired': 'checkout.session.expired',
  'refund.created': 'refund.created',
  'refund.succeeded': 'refund.succeeded',
  'refund.failed': 'refund.failed',
  'refund.requires_action': 'refund.requires_action',
  'refund.canceled': 'refund.canceled',
};

export const convergeGateRenderer = (baseUrl: () => string): Renderer => ({
  payment: (row) => renderSession(row, baseUrl()),
  refund: renderRefund,
  event: (event, object) => ({ ...event, data: { object } }),
  eventType: (kind) => (kind === 'refund.updated' ? undefined : EVENT_TYPES[kind]),
});
