import { describe, expect, it } from 'vitest';
import { DIALECTS } from './dialect.js';
import { RefundError } from './errors.js';
import {
  dialectReasons,
  isRefundReason,
  REASON_WORDS,
  REFUND_REASONS,
  reasonFromDialect,
  reasonToDialect,
} from './reasons.js';

function thrown(fn: () => unknown): RefundError {
  try {
    fn();
  } catch (error) {
    if (error instanceof RefundError) return error;
    throw error;
  }
  throw new Error('expected a RefundError');
}

describe('reasons', () => {
  it('has the canonical reasons plus other', () => {
    expect(REFUND_REASONS).toEqual(['requested_by_customer', 'duplicate', 'fraudulent', 'other']);
    for (const reason of REFUND_REASONS) expect(isRefundReason(reason)).toBe(true);
    for (const bad of ['duplicated', 'REQUESTED_BY_CUSTOMER', '', null, 1])
      expect(isRefundReason(bad)).toBe(false);
  });

  it('spells duplicate as duplicated in ConvergeGate, both ways', () => {
    expect(reasonToDialect('duplicate', 'convergegate')).toBe('duplicated');
    expect(reasonFromDialect('duplicated', 'convergegate')).toBe('duplicate');
    expect(dialectReasons('convergegate')).toEqual(['requested_by_customer', 'duplicated', 'fraudulent']);
  });

  it('keeps Stripe’s words canonical', () => {
    expect(reasonToDialect('duplicate', 'stripe')).toBe('duplicate');
    expect(reasonFromDialect('duplicate', 'stripe')).toBe('duplicate');
    expect(dialectReasons('stripe')).toEqual(['requested_by_customer', 'duplicate', 'fraudulent']);
  });

  it('takes the seed’s requested_by_customer in every dialect', () => {
    for (const dialect of DIALECTS) {
      expect(reasonToDialect('requested_by_customer', dialect)).toBe('requested_by_customer');
      expect(reasonFromDialect('requested_by_customer', dialect)).toBe('requested_by_customer');
      expect(reasonFromDialect(reasonToDialect('fraudulent', dialect), dialect)).toBe('fraudulent');
    }
  });

  it('round-trips every word a dialect has', () => {
    for (const dialect of DIALECTS) {
      for (const [reason, word] of Object.entries(REASON_WORDS[dialect])) {
        expect(reasonFromDialect(word, dialect)).toBe(reason);
        expect(reasonToDialect(reason as never, dialect)).toBe(word);
      }
    }
  });

  it('allows other only in Checkout', () => {
    expect(reasonToDialect('other', 'checkout')).toBe('other');
    expect(thrown(() => reasonToDialect('other', 'stripe')).code).toBe('reason_invalid');
    expect(thrown(() => reasonToDialect('other', 'convergegate')).code).toBe('reason_invalid');
  });

  it('refuses the other dialect’s spelling and unknown words, listing the accepted ones', () => {
    const error = thrown(() => reasonFromDialect('duplicate', 'convergegate'));
    expect(error.code).toBe('reason_invalid');
    expect(error.param).toBe('reason');
    expect(error.message).toContain('requested_by_customer, duplicated, fraudulent');
    expect(thrown(() => reasonFromDialect('duplicated', 'stripe')).code).toBe('reason_invalid');
    expect(thrown(() => reasonFromDialect(undefined, 'stripe')).code).toBe('reason_invalid');
    expect(thrown(() => reasonFromDialect('other', 'stripe', 'refund[reason]')).param).toBe('refund[reason]');
  });

  it('refuses Object.prototype member names', () => {
    expect(thrown(() => reasonToDialect('constructor' as never, 'stripe')).code).toBe('reason_invalid');
    expect(thrown(() => reasonFromDialect('constructor', 'stripe')).code).toBe('reason_invalid');
  });
});
