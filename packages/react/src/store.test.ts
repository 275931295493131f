import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createRefundStore } from './store.js';
import { payment, refund } from './test/fixtures.js';
import { createMemoryTransport } from './test/memory-transport.js';

const paid = payment(5000);

describe('refund store', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test('backs off while nothing changes, up to the maximum', async () => {
    const pending = refund(paid, 100, 'pending');
    const transport = createMemoryTransport({ payments: [paid], refunds: [pending] });
    const store = createRefundStore(transport, { initialDelay: 1000, factor: 2, maxDelay: 4000 });
    const stop = store.subscribe(pending.id, () => {});
    const polls = async (ms: number) => {
      await vi.advanceTimersByTimeAsync(ms);
      return transport.calls.get.length;
    };
    expect(await polls(0)).toBe(1); // no data yet: look at once
    expect(await polls(999)).toBe(1);
    expect(await polls(1)).toBe(2); // +1000
    expect(await polls(1999)).toBe(2);
    expect(await polls(1)).toBe(3); // +2000
    expect(await polls(4000)).toBe(4); // +4000
    expect(await polls(4000)).toBe(5); // capped at 4000
    stop();
  });

  test('keeps polling while anyone listens and stops when the last subscriber leaves', async () => {
    const pending = refund(paid, 100, 'pending');
    const transport = createMemoryTransport({ payments: [paid], refunds: [pending] });
    const store = createRefundStore(transport, { initialDelay: 1000 });
    const a = store.subscribe(pending.id, () => {});
    const b = store.subscribe(pending.id, () => {});
    await vi.advanceTimersByTimeAsync(1000);
    expect(transport.calls.get).toHaveLength(2);
    a();
    await vi.advanceTimersByTimeAsync(1500);
    expect(transport.calls.get).toHaveLength(3); // one subscriber left: still polling
    b();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(transport.calls.get).toHaveLength(3);
  });

  test('an unsubscribe during a request aborts it, and its answer is dropped', async () => {
    const pending = refund(paid, 100, 'pending');
    const transport = createMemoryTransport({ payments: [paid], refunds: [pending], hang: true });
    let seen: AbortSignal | undefined;
    const store = createRefundStore({
      ...transport,
      getRefund: (id, signal) => {
        seen = signal;
        return transport.getRefund(id, signal);
      },
    });
    const stop = store.subscribe(pending.id, () => {});
    await vi.advanceTimersByTimeAsync(0);
    expect(seen?.aborted).toBe(false);
    stop();
    expect(seen?.aborted).toBe(true);
    transport.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.get(pending.id).refund).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  test('offers move a refund forward only, so a stale copy never overwrites news', () => {
    const transport = createMemoryTransport({ payments: [paid] });
    const store = createRefundStore(transport);
    const pending = refund(paid, 100, 'pending');
    const done = { ...pending, status: 'succeeded' as const, updatedAt: pending.updatedAt + 5 };
    store.offer(pending);
    store.offer(done);
    store.offer(pending);
    expect(store.get(pending.id).refund?.status).toBe('succeeded');
    const reversed = {
      ...done,
      status: 'failed' as const,
      failureReason: 'Card closed.',
      updatedAt: done.updatedAt + 1,
    };
    store.offer(reversed);
    expect(store.get(pending.id).refund?.status).toBe('failed');
    expect(vi.getTimerCount()).toBe(0);
  });
});
