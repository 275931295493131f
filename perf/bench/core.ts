import { performance } from 'node:perf_hooks';
import { checkRefund } from '@refundkit/core';

export interface CoreThroughput {
  checksPerSecond: number;
  /** The baseline: JSON.parse of the same refund request, the least any server does with it. */
  parsesPerSecond: number;
  seconds: number;
}

const body = JSON.stringify({
  session_id: 'AxJq5wCkzQ2E4lS5Don9CGE',
  amount: 2500,
  reason: 'requested_by_customer',
  metadata: { order_id: 'ord_1042', note: 'damaged' },
});

function rate(seconds: number, work: (i: number) => unknown): number {
  let sink = 0;
  let count = 0;
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i++) if (work(i)) sink++;
    count += 1000;
  }
  const elapsed = (performance.now() - started) / 1000;
  if (sink < 0) throw new Error('unreachable');
  return count / elapsed;
}

/** `checkRefund` on a typical request (a payment with three earlier refunds) per second, single core. */
export function coreThroughput(seconds: number): CoreThroughput {
  const payment = {
    amount: 10_000,
    currency: 'PLN',
    captured: 10_000,
    state: 'succeeded' as const,
    capturedAt: 1_795_000_000,
  };
  const refunds = [
    { amount: 1000, status: 'succeeded' as const },
    { amount: 500, status: 'pending' as const },
    { amount: 700, status: 'failed' as const },
  ];
  const check = (i: number) =>
    checkRefund({
      payment,
      refunds,
      request: {
        amount: 1 + (i % 5000),
        reason: 'requested_by_customer',
        metadata: { order_id: 'ord_1042', note: 'damaged' },
      },
      capabilities: 'convergegate',
      now: 1_795_335_646,
    }).ok;
  // Warm both, then measure.
  rate(Math.min(0.5, seconds / 2), check);
  rate(Math.min(0.5, seconds / 2), () => JSON.parse(body));
  return {
    checksPerSecond: rate(seconds, check),
    parsesPerSecond: rate(seconds, () => JSON.parse(body)),
    seconds,
  };
}
