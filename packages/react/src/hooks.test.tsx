import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, test } from 'vitest';
import { RefundkitProvider } from './context.js';
import { useRefund, useRefundable, useRefundStatus } from './hooks.js';
import { payment, refund } from './test/fixtures.js';
import { createMemoryTransport, type MemoryOptions } from './test/memory-transport.js';

const paid = payment(5000, 'USD');

function withBackend(memory: Partial<MemoryOptions> = {}) {
  const transport = createMemoryTransport({ payments: [paid], ...memory });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <RefundkitProvider transport={transport} polling={{ initialDelay: 1, maxDelay: 2 }}>
      {children}
    </RefundkitProvider>
  );
  return { transport, wrapper };
}

describe('useRefundable', () => {
  test('the cap, the dialect’s rules and core’s check, the same object while the inputs are', () => {
    const refunds = [refund(paid, 1500)];
    const { result, rerender } = renderHook(() => useRefundable(paid, refunds));
    const first = result.current;
    expect(first).toMatchObject({ refundable: 3500, captured: 5000, currency: 'USD', fullOnly: false });
    expect(first.blocked).toBeNull();
    expect(first.check({ amount: 3501 })).toMatchObject({
      ok: false,
      error: { code: 'amount_exceeds_refundable' },
    });
    expect(first.check({ amount: 3500 }).ok).toBe(true);
    rerender();
    expect(result.current).toBe(first);
  });
});

describe('useRefund', () => {
  test('one request at a time; a retry of the same request keeps its key, a changed one gets a new key', async () => {
    const { transport, wrapper } = withBackend({
      failWith: { code: 'processing_error', message: 'Try later.', status: 503 },
    });
    const { result } = renderHook(() => useRefund(), { wrapper });
    const input = { paymentId: paid.id, amount: 1000, reason: null };
    let second: unknown;
    await act(async () => {
      const first = result.current.submit(input);
      second = await result.current.submit(input);
      await first;
    });
    expect(second).toBeNull();
    expect(transport.calls.create).toHaveLength(1);
    expect(result.current).toMatchObject({
      state: 'failed',
      error: { code: 'processing_error', status: 503 },
    });
    await act(() => result.current.submit(input));
    await act(() => result.current.submit({ ...input, amount: 900 }));
    const [a, b, c] = transport.calls.create.map((call) => call.idempotencyKey);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  test('after a success the next refund, even an identical one, gets a new key', async () => {
    const { transport, wrapper } = withBackend();
    const { result } = renderHook(() => useRefund(), { wrapper });
    const input = { paymentId: paid.id, amount: 1000, reason: null };
    await act(() => result.current.submit(input));
    expect(result.current).toMatchObject({ state: 'succeeded', refund: { status: 'pending' } });
    await act(() => result.current.submit(input));
    const [a, b] = transport.calls.create.map((call) => call.idempotencyKey);
    expect(b).not.toBe(a);
    act(() => result.current.reset());
    expect(result.current.state).toBe('idle');
  });

  test('without a provider it says what is missing', async () => {
    const { result } = renderHook(() => useRefund());
    await expect(result.current.submit({ paymentId: 'pay_1', amount: 1, reason: null })).rejects.toThrow(
      /RefundkitProvider/,
    );
  });
});

describe('useRefundStatus', () => {
  test('a refund by id goes live until terminal', async () => {
    const pending = refund(paid, 100, 'pending');
    const { wrapper } = withBackend({ refunds: [pending], progress: ['pending', 'succeeded'] });
    const { result } = renderHook(() => useRefundStatus(pending.id), { wrapper });
    expect(result.current).toMatchObject({ refund: undefined, terminal: false });
    await waitFor(() =>
      expect(result.current).toMatchObject({ refund: { status: 'succeeded' }, terminal: true }),
    );
  });

  test('a given terminal refund needs no provider', () => {
    const done = refund(paid, 100, 'canceled');
    const { result } = renderHook(() => useRefundStatus(done));
    expect(result.current).toEqual({ refund: done, error: undefined, terminal: true });
  });
});
