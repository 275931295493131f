import { describe, expectTypeOf, it } from 'vitest';
import {
  advance,
  CAPABILITIES,
  type Capabilities,
  checkRefund,
  type Dialect,
  type ERROR_CODES,
  fail,
  formatMoney,
  type Metadata,
  type MetadataPatch,
  type Money,
  mergeMetadata,
  type NormalizedRefund,
  ok,
  type ParseOptions,
  type Payment,
  type PaymentSnapshot,
  type PaymentState,
  parseAmount,
  type Refund,
  type RefundError,
  type RefundErrorCode,
  type RefundEvent,
  type RefundEventType,
  type RefundHold,
  type RefundReason,
  type RefundStatus,
  type Result,
  reasonFromDialect,
  statusFromWebhook,
  TRANSITIONS,
  transition,
  validateMetadata,
} from './index.js';

describe('Result', () => {
  it('narrows on ok', () => {
    const result = checkRefund({
      payment: { amount: 1, currency: 'USD', captured: 1, state: 'succeeded', capturedAt: 0 },
      refunds: [],
      request: {},
    });
    expectTypeOf(result).toEqualTypeOf<Result<NormalizedRefund>>();
    if (result.ok) {
      expectTypeOf(result.value).toEqualTypeOf<NormalizedRefund>();
      expectTypeOf(result).not.toHaveProperty('error');
    } else {
      expectTypeOf(result.error).toEqualTypeOf<RefundError>();
      expectTypeOf(result.error.code).toEqualTypeOf<RefundErrorCode>();
      expectTypeOf(result).not.toHaveProperty('value');
    }
  });

  it('is built by ok and fail', () => {
    expectTypeOf(ok(5)).toEqualTypeOf<Result<number>>();
    expectTypeOf(fail('amount_invalid')).toEqualTypeOf<Result<never>>();
    expectTypeOf(fail<string>('amount_invalid')).toEqualTypeOf<Result<string>>();
    // @ts-expect-error only codes from ERROR_CODES
    fail('not_a_code');
  });
});

describe('errors', () => {
  it('has a literal union of codes', () => {
    expectTypeOf<RefundErrorCode>().toEqualTypeOf<keyof typeof ERROR_CODES>();
    expectTypeOf<'amount_exceeds_refundable'>().toExtend<RefundErrorCode>();
    expectTypeOf<string>().not.toExtend<RefundErrorCode>();
    expectTypeOf<RefundError>().toExtend<Error>();
    expectTypeOf<RefundError['param']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<RefundError['details']>().toEqualTypeOf<Readonly<Record<string, unknown>>>();
  });
});

describe('status machine', () => {
  it('has a closed RefundEvent union', () => {
    expectTypeOf<RefundEventType>().toEqualTypeOf<
      'succeed' | 'fail' | 'cancel' | 'require_action' | 'resume' | 'reverse'
    >();
    expectTypeOf<Extract<RefundEvent, { type: 'fail' }>>().toEqualTypeOf<{
      readonly type: 'fail';
      readonly failureReason?: string | undefined;
    }>();
    expectTypeOf<Extract<RefundEvent, { type: 'succeed' }>>().toEqualTypeOf<{ readonly type: 'succeed' }>();
    expectTypeOf<Extract<RefundEvent, { type: 'reverse' }>>().toHaveProperty('failureReason');
    // @ts-expect-error no such event
    transition('pending', { type: 'refund' });
    // @ts-expect-error succeed carries no failure reason
    transition('pending', { type: 'succeed', failureReason: 'x' });
  });

  it('types statuses and results', () => {
    expectTypeOf<RefundStatus>().toEqualTypeOf<
      'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled'
    >();
    expectTypeOf(transition).returns.toEqualTypeOf<Result<RefundStatus>>();
    expectTypeOf(advance).returns.toEqualTypeOf<Result<{ status: RefundStatus; changed: boolean }>>();
    expectTypeOf(TRANSITIONS.pending.succeed).toEqualTypeOf<RefundStatus | undefined>();
    expectTypeOf(statusFromWebhook).returns.toEqualTypeOf<RefundStatus | null>();
    // @ts-expect-error not a status
    advance('pending', 'successful');
  });
});

describe('model', () => {
  it('Money is integer minor units and a code, read-only', () => {
    expectTypeOf<Money>().toEqualTypeOf<{ readonly amount: number; readonly currency: string }>();
    const m: Money = { amount: 1000, currency: 'PLN' };
    // @ts-expect-error Money is read-only
    m.amount = 5;
  });

  it('Refund is the canonical refund', () => {
    expectTypeOf<Refund['amount']>().toEqualTypeOf<Money>();
    expectTypeOf<Refund['status']>().toEqualTypeOf<RefundStatus>();
    expectTypeOf<Refund['reason']>().toEqualTypeOf<RefundReason | null>();
    expectTypeOf<Refund['dialect']>().toEqualTypeOf<Dialect>();
    expectTypeOf<Refund['metadata']>().toEqualTypeOf<Metadata>();
    expectTypeOf<Refund['createdAt']>().toBeNumber();
    expectTypeOf<Refund['failureReason']>().toEqualTypeOf<string | null>();
    expectTypeOf<Refund>().toHaveProperty('livemode').toBeBoolean();
  });

  it('Payment, PaymentSnapshot and RefundHold', () => {
    expectTypeOf<Payment['state']>().toEqualTypeOf<PaymentState>();
    expectTypeOf<Payment['amount']>().toEqualTypeOf<Money>();
    expectTypeOf<PaymentSnapshot['settled']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<RefundHold>().toEqualTypeOf<{ readonly amount: number; readonly status: RefundStatus }>();
    expectTypeOf<PaymentState>().toEqualTypeOf<
      'requires_payment' | 'processing' | 'succeeded' | 'canceled' | 'expired' | 'failed'
    >();
  });

  it('reasons and dialects are literal unions', () => {
    expectTypeOf<RefundReason>().toEqualTypeOf<
      'requested_by_customer' | 'duplicate' | 'fraudulent' | 'other'
    >();
    expectTypeOf<Dialect>().toEqualTypeOf<'convergegate' | 'stripe' | 'checkout'>();
    expectTypeOf(reasonFromDialect).returns.toEqualTypeOf<RefundReason>();
  });
});

describe('capabilities', () => {
  it('has a preset per dialect', () => {
    expectTypeOf(CAPABILITIES).toEqualTypeOf<Readonly<Record<Dialect, Capabilities>>>();
    expectTypeOf<Capabilities['maxRefundsPerPayment']>().toEqualTypeOf<number | null>();
    expectTypeOf<Capabilities['refundWindowDays']>().toEqualTypeOf<number | null>();
    expectTypeOf<Capabilities['partialRefunds']>().toBeBoolean();
    expectTypeOf<Capabilities['minimumAmount']>().toBeNumber();
  });

  it('takes a preset name or a full capability set', () => {
    expectTypeOf(checkRefund)
      .parameter(0)
      .toHaveProperty('capabilities')
      .toEqualTypeOf<Dialect | Capabilities | undefined>();
    const payment: PaymentSnapshot = {
      amount: 1,
      currency: 'USD',
      captured: 1,
      state: 'succeeded',
      capturedAt: 0,
    };
    // @ts-expect-error not a dialect
    checkRefund({ payment, refunds: [], request: {}, capabilities: 'paypal' });
    // @ts-expect-error canonical reasons only; map dialect words first
    checkRefund({ payment, refunds: [], request: { reason: 'duplicated' } });
  });
});

describe('money and metadata', () => {
  it('amounts are numbers in and out', () => {
    expectTypeOf(parseAmount).returns.toBeNumber();
    expectTypeOf(formatMoney).returns.toBeString();
    expectTypeOf(parseAmount).parameter(2).toEqualTypeOf<ParseOptions | undefined>();
    expectTypeOf<ParseOptions>().toExtend<{ locale?: string | undefined; dialect?: Dialect | undefined }>();
  });

  it('metadata is string to string; patches may unset', () => {
    expectTypeOf<Metadata>().toEqualTypeOf<Readonly<Record<string, string>>>();
    expectTypeOf<MetadataPatch>().toEqualTypeOf<Readonly<Record<string, string | null>>>();
    expectTypeOf(mergeMetadata).returns.toEqualTypeOf<Result<Metadata>>();
    expectTypeOf(validateMetadata).returns.toEqualTypeOf<Result<Record<string, string | null>>>();
  });
});
