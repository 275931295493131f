import { describe, expect, it } from 'vitest';
import { DIALECTS } from './dialect.js';
import { RefundError } from './errors.js';
import {
  advance,
  canTransition,
  eventBetween,
  holdsFunds,
  isRefundStatus,
  isTerminal,
  REFUND_STATUSES,
  REFUND_WEBHOOKS,
  type RefundEvent,
  type RefundEventType,
  type RefundStatus,
  STATUS_WORDS,
  statusFromDialect,
  statusFromWebhook,
  statusToDialect,
  TRANSITIONS,
  transition,
} from './status.js';

const EVENTS: readonly RefundEventType[] = [
  'succeed',
  'fail',
  'cancel',
  'require_action',
  'resume',
  'reverse',
];

// DESIGN.md, written out cell by cell: pending -> succeeded | failed | canceled | requires_action;
// requires_action -> pending | canceled | failed; succeeded -> failed only by reversal; failed and
// canceled are terminal. Every cell not listed here must be refused.
const EXPECTED: Record<RefundStatus, Partial<Record<RefundEventType, RefundStatus>>> = {
  pending: { succeed: 'succeeded', fail: 'failed', cancel: 'canceled', require_action: 'requires_action' },
  requires_action: { resume: 'pending', cancel: 'canceled', fail: 'failed' },
  succeeded: { reverse: 'failed' },
  failed: {},
  canceled: {},
};

function thrown(fn: () => unknown): RefundError {
  try {
    fn();
  } catch (error) {
    if (error instanceof RefundError) return error;
    throw error;
  }
  throw new Error('expected a RefundError');
}

describe('transition table', () => {
  it('is exactly the table DESIGN.md gives', () => {
    expect(TRANSITIONS).toEqual(EXPECTED);
    expect(REFUND_STATUSES).toEqual(['pending', 'requires_action', 'succeeded', 'failed', 'canceled']);
  });

  for (const from of REFUND_STATUSES) {
    for (const type of EVENTS) {
      const to = EXPECTED[from][type];
      it(`${from} + ${type} -> ${to ?? 'invalid_transition'}`, () => {
        const result = transition(from, { type } as RefundEvent);
        expect(canTransition(from, type)).toBe(to !== undefined);
        if (to === undefined) {
          expect(result.ok).toBe(false);
          if (!result.ok) {
            expect(result.error.code).toBe('invalid_transition');
            expect(result.error.param).toBe('status');
            expect(result.error.details).toEqual({ from, event: type });
          }
        } else {
          expect(result).toEqual({ ok: true, value: to });
        }
      });
    }
  }

  it('takes the failure reason along without changing the outcome', () => {
    expect(transition('pending', { type: 'fail', failureReason: 'expired_or_canceled_card' })).toEqual({
      ok: true,
      value: 'failed',
    });
    expect(transition('succeeded', { type: 'reverse', failureReason: 'card closed' })).toEqual({
      ok: true,
      value: 'failed',
    });
  });

  it('refuses event names that are Object.prototype members', () => {
    for (const type of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const result = transition('pending', { type } as unknown as RefundEvent);
      expect(result.ok).toBe(false);
      expect(canTransition('failed', type as RefundEventType)).toBe(false);
    }
  });
});

describe('isTerminal and holdsFunds', () => {
  it('treats succeeded, failed and canceled as terminal', () => {
    expect(REFUND_STATUSES.filter(isTerminal)).toEqual(['succeeded', 'failed', 'canceled']);
  });

  it('lets pending, requires_action and succeeded hold money; failed and canceled release it', () => {
    expect(REFUND_STATUSES.filter(holdsFunds)).toEqual(['pending', 'requires_action', 'succeeded']);
  });

  it('keeps money held for a status it does not know, and does not call it terminal', () => {
    expect(holdsFunds('processing' as RefundStatus)).toBe(true);
    expect(isTerminal('processing' as RefundStatus)).toBe(false);
  });

  it('recognises statuses', () => {
    for (const status of REFUND_STATUSES) expect(isRefundStatus(status)).toBe(true);
    for (const bad of ['successful', 'PENDING', '', 'constructor', 1, null])
      expect(isRefundStatus(bad)).toBe(false);
  });
});

describe('eventBetween and advance', () => {
  it('finds the one event for each forward step', () => {
    for (const from of REFUND_STATUSES) {
      for (const to of REFUND_STATUSES) {
        const entry = Object.entries(EXPECTED[from]).find(([, target]) => target === to);
        expect(eventBetween(from, to)).toBe(entry ? entry[0] : null);
      }
    }
    expect(eventBetween('succeeded', 'failed')).toBe('reverse');
    expect(eventBetween('requires_action', 'pending')).toBe('resume');
  });

  it('applies a forward report and ignores a repeated one', () => {
    expect(advance('pending', 'succeeded')).toEqual({
      ok: true,
      value: { status: 'succeeded', changed: true },
    });
    expect(advance('succeeded', 'succeeded')).toEqual({
      ok: true,
      value: { status: 'succeeded', changed: false },
    });
    expect(advance('failed', 'failed')).toEqual({ ok: true, value: { status: 'failed', changed: false } });
    expect(advance('succeeded', 'failed')).toEqual({ ok: true, value: { status: 'failed', changed: true } });
  });

  it('refuses statuses it does not know instead of throwing', () => {
    for (const from of ['processing', 'constructor', '__proto__']) {
      expect(eventBetween(from as RefundStatus, 'pending')).toBeNull();
      const result = advance(from as RefundStatus, 'succeeded');
      expect(result.ok).toBe(false);
      expect(transition(from as RefundStatus, { type: 'succeed' }).ok).toBe(false);
    }
  });

  it('rejects a late webhook that would move a refund backwards', () => {
    for (const [from, to] of [
      ['succeeded', 'pending'],
      ['failed', 'pending'],
      ['canceled', 'requires_action'],
      ['failed', 'succeeded'],
      ['succeeded', 'requires_action'],
      ['canceled', 'succeeded'],
      // No single step: a refund needing action must come back to pending before it can succeed.
      ['requires_action', 'succeeded'],
    ] as const) {
      const result = advance(from, to);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error).toBeInstanceOf(RefundError);
        expect(result.error.code).toBe('invalid_transition');
        expect(result.error.details).toEqual({ from, to });
      }
    }
  });
});

describe('dialect status words', () => {
  it('reads canonical words in every dialect', () => {
    for (const dialect of DIALECTS) {
      for (const status of REFUND_STATUSES) {
        expect(statusFromDialect(status, dialect)).toBe(status);
        expect(statusToDialect(status, dialect)).toBe(status);
      }
    }
  });

  it('reads Checkout’s "successful" as accepted, which is pending', () => {
    expect(statusFromDialect('successful', 'checkout')).toBe('pending');
    expect(STATUS_WORDS.checkout['successful']).toBe('pending');
  });

  it('refuses words a dialect does not use with status_invalid', () => {
    for (const [word, dialect] of [
      ['successful', 'stripe'],
      ['successful', 'convergegate'],
      ['open', 'convergegate'],
      ['Succeeded', 'stripe'],
      ['constructor', 'stripe'],
      ['toString', 'checkout'],
      [undefined, 'stripe'],
      [3, 'checkout'],
    ] as const) {
      const error = thrown(() => statusFromDialect(word, dialect));
      expect(error.code).toBe('status_invalid');
      expect(error.param).toBe('status');
    }
  });
});

describe('webhook names', () => {
  it('maps ConvergeGate refund events to the status they announce', () => {
    expect(statusFromWebhook('convergegate', 'refund.created')).toBe('pending');
    expect(statusFromWebhook('convergegate', 'refund.requires_action')).toBe('requires_action');
    expect(statusFromWebhook('convergegate', 'refund.succeeded')).toBe('succeeded');
    expect(statusFromWebhook('convergegate', 'refund.failed')).toBe('failed');
    expect(statusFromWebhook('convergegate', 'refund.canceled')).toBe('canceled');
  });

  it('maps Checkout’s refund.succeeded to succeeded (the final word after "successful")', () => {
    expect(statusFromWebhook('checkout', 'refund.succeeded')).toBe('succeeded');
    expect(statusFromWebhook('checkout', 'refund.failed')).toBe('failed');
    expect(statusFromWebhook('checkout', 'refund.pending')).toBe('pending');
  });

  it('reads Stripe’s status from the object where the event name does not fix it', () => {
    expect(statusFromWebhook('stripe', 'refund.updated', 'succeeded')).toBe('succeeded');
    expect(statusFromWebhook('stripe', 'refund.created', 'pending')).toBe('pending');
    expect(statusFromWebhook('stripe', 'charge.refunded', 'succeeded')).toBe('succeeded');
    expect(statusFromWebhook('stripe', 'refund.updated')).toBeNull();
    expect(statusFromWebhook('stripe', 'refund.failed', 'succeeded')).toBe('failed');
    expect(thrown(() => statusFromWebhook('stripe', 'refund.updated', 'successful')).code).toBe(
      'status_invalid',
    );
  });

  it('returns null for events that are not about refunds', () => {
    expect(statusFromWebhook('stripe', 'charge.succeeded', 'succeeded')).toBeNull();
    expect(statusFromWebhook('convergegate', 'checkout.session.completed')).toBeNull();
    expect(statusFromWebhook('checkout', 'constructor')).toBeNull();
  });

  it('announces only canonical statuses', () => {
    for (const dialect of DIALECTS) {
      for (const status of Object.values(REFUND_WEBHOOKS[dialect])) {
        if (status !== null) expect(isRefundStatus(status)).toBe(true);
      }
    }
  });
});
