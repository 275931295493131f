import { type Dialect, money, type Refund, reasonFromDialect, statusFromDialect } from '@refundkit/core';
import type { RefundContext } from './types.js';

/** A dialect's refund object with its fields renamed to the canonical ones, words and units still its own. */
export interface RefundFieldsOf {
  readonly id: string;
  readonly paymentId: string;
  readonly amount: number;
  readonly currency: string;
  readonly status: unknown;
  readonly reason?: unknown;
  readonly reasonText?: string | null | undefined;
  readonly metadata?: Readonly<Record<string, string>> | undefined;
  readonly failureReason?: string | null | undefined;
  /** Absent where the dialect's object has none (Stripe's refunds): `context.livemode` then. */
  readonly livemode?: unknown;
  /** Unix seconds. */
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** The canonical `Refund`, through core's money, status and reason maps (which throw on words they do not know). */
export function canonicalRefund(dialect: Dialect, raw: RefundFieldsOf, context: RefundContext): Refund {
  return {
    id: raw.id,
    dialect,
    paymentId: raw.paymentId,
    amount: money(raw.amount, raw.currency),
    status: statusFromDialect(raw.status, dialect),
    reason: raw.reason == null ? null : reasonFromDialect(raw.reason, dialect),
    reasonText: raw.reasonText ?? null,
    metadata: raw.metadata ?? {},
    failureReason: raw.failureReason ?? null,
    // The object's own word first: it is the mode the object lives in, whatever key read it.
    livemode: typeof raw.livemode === 'boolean' ? raw.livemode : context.livemode,
    createdAt: raw.createdAt,
    updatedAt: raw.updatedAt,
  };
}
