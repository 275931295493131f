import type * as core from '@refundkit/core';
import { render, screen } from '@testing-library/react';
import { describe, expect, expectTypeOf, test } from 'vitest';
import * as face from './index.js';
import {
  type Capabilities,
  type Dialect,
  type Money,
  type Payment,
  type Refund,
  type Refundable,
  type RefundButtonProps,
  type RefundError,
  type RefundMessages,
  type RefundReason,
  RefundStatus,
  type RefundTransport,
  type UseRefund,
} from './index.js';
import { payment, refund } from './test/fixtures.js';

describe('the package face', () => {
  test('at runtime: the components, provider, hooks, transport, store and messages; no internals', () => {
    expect(Object.keys(face).sort()).toEqual([
      'RefundButton',
      'RefundRequestError',
      'RefundStatus',
      'RefundkitProvider',
      'amountInputText',
      'createFetchTransport',
      'createRefundStore',
      'defaultMessages',
      'mergeMessages',
      'newIdempotencyKey',
      'refundableFor',
      'useRefund',
      'useRefundStatus',
      'useRefundable',
      'useRefundkit',
    ]);
  });

  test('core’s types come with it, the same types the props and hooks name: one import for a dashboard', () => {
    expectTypeOf<RefundButtonProps['payment']>().toEqualTypeOf<Payment>();
    expectTypeOf<Payment>().toEqualTypeOf<core.Payment>();
    expectTypeOf<NonNullable<RefundButtonProps['dialect']>>().toEqualTypeOf<Dialect>();
    expectTypeOf<NonNullable<RefundButtonProps['capabilities']>>().toEqualTypeOf<Capabilities>();
    expectTypeOf<UseRefund['refund']>().toEqualTypeOf<Refund | undefined>();
    expectTypeOf<Refund['amount']>().toEqualTypeOf<Money>();
    expectTypeOf<Refundable['blocked']>().toEqualTypeOf<RefundError | null>();
    expectTypeOf<keyof RefundMessages['reasons']>().toEqualTypeOf<RefundReason>();
    expectTypeOf<ReturnType<RefundTransport['getRefund']>>().toEqualTypeOf<Promise<core.Refund>>();
  });

  test('RefundStatus is core’s status as a type and the badge as a value', () => {
    expectTypeOf<RefundStatus>().toEqualTypeOf<core.RefundStatus>();
    expectTypeOf<keyof RefundMessages['status']>().toEqualTypeOf<RefundStatus>();
    const status: RefundStatus = 'succeeded';
    const paid = payment(5000);
    render(<RefundStatus refund={refund(paid, 100, status)} />);
    expect(screen.getByText('Refunded')).toBeTruthy();
  });
});
