import { type Dialect, lookup } from './dialect.js';
import { fail, ok, RefundError, type Result } from './errors.js';

export const REFUND_STATUSES = ['pending', 'requires_action', 'succeeded', 'failed', 'canceled'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/** Typed events, XState style: the only ways a refund's status can change. */
export type RefundEvent =
  | { readonly type: 'succeed' }
  | { readonly type: 'fail'; readonly failureReason?: string | undefined }
  | { readonly type: 'cancel' }
  | { readonly type: 'require_action' }
  /** The customer supplied what was missing: back to pending. */
  | { readonly type: 'resume' }
  /** The money came back after the refund landed (a closed card): the only exit from `succeeded`. */
  | { readonly type: 'reverse'; readonly failureReason?: string | undefined };

export type RefundEventType = RefundEvent['type'];

/** The whole machine. Anything not listed is rejected, which is what keeps statuses moving forward. */
export const TRANSITIONS: Readonly<
  Record<RefundStatus, Readonly<Partial<Record<RefundEventType, RefundStatus>>>>
> = {
  pending: { succeed: 'succeeded', fail: 'failed', cancel: 'canceled', require_action: 'requires_action' },
  requires_action: { resume: 'pending', cancel: 'canceled', fail: 'failed' },
  succeeded: { reverse: 'failed' },
  failed: {},
  canceled: {},
};

export function isRefundStatus(value: unknown): value is RefundStatus {
  return (REFUND_STATUSES as readonly unknown[]).includes(value);
}

/**
 * Done from a waiting client's point of view. `succeeded` counts: it changes again only through an
 * explicit reversal, which nobody can wait for.
 */
export function isTerminal(status: RefundStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'canceled';
}

/**
 * Refunds in these statuses hold their amount against the payment; failed and canceled release it.
 * Anything else holds too: a status core does not know must never make money refundable twice.
 */
export function holdsFunds(status: RefundStatus): boolean {
  return status !== 'failed' && status !== 'canceled';
}

/** Pure: the status after an event, or `invalid_transition`. Never mutates anything. */
export function transition(status: RefundStatus, event: RefundEvent): Result<RefundStatus> {
  const next = nextStatus(status, event.type);
  if (next === undefined) {
    return fail('invalid_transition', undefined, {
      param: 'status',
      details: { from: status, event: event.type },
    });
  }
  return ok(next);
}

export function canTransition(status: RefundStatus, event: RefundEventType): boolean {
  return nextStatus(status, event) !== undefined;
}

function nextStatus(status: RefundStatus, event: RefundEventType): RefundStatus | undefined {
  return lookup(lookup(TRANSITIONS, status), event);
}

/**
 * The event that moves `from` to `to`, for sources that report a new status rather than an event
 * (a webhook, a poll). `null` when no single step gets there, including a late webhook that would
 * move the refund backwards.
 */
export function eventBetween(from: RefundStatus, to: RefundStatus): RefundEventType | null {
  for (const [event, target] of Object.entries(lookup(TRANSITIONS, from) ?? {})) {
    if (target === to) return event as RefundEventType;
  }
  return null;
}

/**
 * Applies a reported status: the same status is a no-op (webhooks repeat), a forward step is taken,
 * anything else is `invalid_transition`.
 */
export function advance(
  from: RefundStatus,
  to: RefundStatus,
): Result<{ status: RefundStatus; changed: boolean }> {
  if (from === to) return ok({ status: from, changed: false });
  const event = eventBetween(from, to);
  if (event === null) {
    return fail('invalid_transition', undefined, {
      param: 'status',
      details: { from, to },
    });
  }
  return ok({ status: to, changed: true });
}

const canonical = Object.fromEntries(REFUND_STATUSES.map((status) => [status, status])) as Record<
  string,
  RefundStatus
>;

/** Status words per dialect. Checkout answers a refund request with "successful", which means *accepted*. */
export const STATUS_WORDS: Readonly<Record<Dialect, Readonly<Record<string, RefundStatus>>>> = {
  convergegate: canonical,
  stripe: canonical,
  checkout: { ...canonical, successful: 'pending' },
};

/** Dialect status word -> canonical status. Throws `status_invalid`. */
export function statusFromDialect(word: unknown, dialect: Dialect): RefundStatus {
  const status = lookup(STATUS_WORDS[dialect], word);
  if (status === undefined) {
    throw new RefundError('status_invalid', undefined, {
      param: 'status',
    });
  }
  return status;
}

/** Canonical status -> the word the dialect uses on its refund objects. */
export function statusToDialect(status: RefundStatus, _dialect: Dialect): string {
  // Every dialect spells object statuses canonically; only Checkout's acceptance reply differs.
  return status;
}

/** Webhook event names that carry a refund, per dialect, with the status they announce (if fixed). */
export const REFUND_WEBHOOKS: Readonly<Record<Dialect, Readonly<Record<string, RefundStatus | null>>>> = {
  // A literal, not built from REFUND_STATUSES: a bundler drops an unused literal, not a call.
  convergegate: {
    'refund.created': 'pending',
    'refund.requires_action': 'requires_action',
    'refund.succeeded': 'succeeded',
    'refund.failed': 'failed',
    'refund.canceled': 'canceled',
  },
  // Stripe's refund.updated and charge.refunded carry the status on the object itself.
  stripe: {
    'refund.created': null,
    'refund.updated': null,
    'refund.failed': 'failed',
    'charge.refunded': null,
  },
  checkout: { 'refund.succeeded': 'succeeded', 'refund.failed': 'failed', 'refund.pending': 'pending' },
};

/**
 * The canonical status a webhook announces: from the event name where it fixes one, otherwise from
 * the refund object's own status word. `null` for events that are not about refunds.
 */
export function statusFromWebhook(
  dialect: Dialect,
  eventType: string,
  objectStatus?: unknown,
): RefundStatus | null {
  const fixed = lookup(REFUND_WEBHOOKS[dialect], eventType);
  if (fixed === undefined) return null;
  return fixed ?? (objectStatus === undefined ? null : statusFromDialect(objectStatus, dialect));
}
