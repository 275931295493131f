import { describe, expect, it } from 'vitest';
import { DIALECTS, isDialect, lookup } from './dialect.js';
import { PAYMENT_STATES } from './model.js';

describe('dialects', () => {
  it('are the three gateways the seeds describe', () => {
    expect(DIALECTS).toEqual(['convergegate', 'stripe', 'checkout']);
  });

  it('are recognised exactly', () => {
    for (const dialect of DIALECTS) expect(isDialect(dialect)).toBe(true);
    for (const other of ['Stripe', 'paypal', '', 'constructor', null, undefined, 1, ['stripe']]) {
      expect(isDialect(other)).toBe(false);
    }
  });
});

describe('lookup', () => {
  const table = { pending: 'p' };

  it('finds own keys only', () => {
    expect(lookup(table, 'pending')).toBe('p');
    expect(lookup(table, 'constructor')).toBeUndefined();
    expect(lookup(table, '__proto__')).toBeUndefined();
    expect(lookup(table, 'toString')).toBeUndefined();
  });

  it('takes only string keys and tolerates a missing table', () => {
    expect(lookup(table, ['pending'])).toBeUndefined();
    expect(lookup(undefined, 'pending')).toBeUndefined();
  });
});

describe('payment states', () => {
  it('name every stage of a payment; only succeeded is refundable (see policy tests)', () => {
    expect(PAYMENT_STATES).toEqual([
      'requires_payment',
      'processing',
      'succeeded',
      'canceled',
      'expired',
      'failed',
    ]);
  });
});
