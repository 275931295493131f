import type { Dialect } from '@refundkit/core';
import type { Db } from '../db/open.js';
import type { PaymentsTable, RefundsTable } from '../db/schema.js';
import type { Metrics } from '../telemetry/metrics.js';
import type { Queued } from './queued.js';

/** Who is asking: every query is scoped to one account and one mode, so test keys never see live objects. */
export interface Scope {
  readonly accountId: string;
  readonly livemode: boolean;
  readonly dialect: Dialect;
}

export type PaymentRow = Omit<PaymentsTable, 'seq' | 'data' | 'metadata'> & {
  seq: number;
  data: Record<string, unknown>;
  metadata: Record<string, string>;
};
export type RefundRow = Omit<RefundsTable, 'seq' | 'metadata' | 'reference'> & {
  seq: number;
  metadata: Record<string, string>;
  reference: string | null;
};

/** A dialect renders stored rows as its own objects; events store what the dialect would have answered. */
export interface Renderer {
  payment(row: PaymentRow): unknown;
  refund(row: RefundRow): unknown;
  event(event: { id: string; type: string; created_at: number; livemode: boolean }, object: unknown): unknown;
  /**
   * Canonical event name (payment.succeeded) -> the dialect's (checkout.session.completed), or
   * undefined for a change the dialect does not announce (only Stripe announces metadata updates).
   */
  eventType(kind: EventKind): string | undefined;
}

export type EventKind =
  | 'payment.created'
  | 'payment.succeeded'
  | 'payment.expired'
  | 'refund.created'
  | 'refund.succeeded'
  | 'refund.failed'
  | 'refund.requires_action'
  | 'refund.canceled'
  /** A change of the refund's own fields (metadata), not of its status. */
  | 'refund.updated';

export interface Services {
  readonly db: Db;
  readonly renderers: Partial<Record<Dialect, Renderer>>;
  /** The account's webhook endpoint, if any. */
  readonly webhookUrl: string | undefined;
  readonly refundDelayMs: number;
  readonly now: () => number;
  /** Nudges the in-process workers after a commit that queued work (see `transact`). */
  readonly wake: (queued: Queued) => void;
  /** Counters the workers move (webhook attempts); absent when no metrics listener was asked for. */
  readonly metrics?: Metrics | undefined;
}

export const renderer = (services: Services, dialect: string): Renderer => {
  const found = services.renderers[dialect as Dialect];
  if (!found) throw new Error(`No renderer for dialect ${dialect}`);
  return found;
};

/** Whether a row read by id belongs to the caller's account, mode and dialect. */
export const inScope = (row: { account_id: string; livemode: boolean; dialect: string }, scope: Scope) =>
  row.account_id === scope.accountId && row.livemode === scope.livemode && row.dialect === scope.dialect;

// JSON columns come back parsed from both drivers; the row types say so.
export const asPayment = (row: unknown): PaymentRow => row as PaymentRow;
export const asRefund = (row: unknown): RefundRow => row as RefundRow;
