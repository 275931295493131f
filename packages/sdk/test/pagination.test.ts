import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '../src/index.js';
import { clientFor, paidSession, type RunningServer, testServer } from './helpers.js';

const server: RunningServer = testServer();

describe('pagination over 250 refunds', () => {
  it('for await walks every refund of every page exactly once, newest first, fetching page by page', async () => {
    const client = clientFor(server);
    const session = await paidSession(client, 25_000);
    const created = new Set<string>();
    // Ten writers at a time: the server serialises them on the payment's row lock anyway.
    for (let batch = 0; batch < 25; batch++) {
      const refunds = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          client.refunds.create({
            paymentId: session.id,
            amount: 100,
            metadata: { n: String(batch * 10 + i) },
          }),
        ),
      );
      for (const refund of refunds) created.add(refund.id);
    }
    expect(created.size).toBe(250);

    const requests: RequestEvent[] = [];
    const reader = clientFor(server, { onRequest: (e) => requests.push(e) });
    const first = await reader.refunds.list({ paymentId: session.id, limit: 100 });
    expect(first.data).toHaveLength(100);
    expect(first.hasMore).toBe(true);
    expect(requests).toHaveLength(1);

    const seen: string[] = [];
    const batches: number[] = [];
    let total = 0;
    for await (const refund of first) {
      seen.push(refund.id);
      batches.push(Math.floor(Number(refund.metadata['n']) / 10));
      total += refund.amount.amount;
      expect(refund.paymentId).toBe(session.id);
    }
    // Newest first: a later batch never comes after an earlier one.
    expect(batches).toEqual([...batches].sort((a, b) => b - a));
    expect(seen).toHaveLength(250);
    expect(new Set(seen)).toEqual(created);
    expect(total).toBe(25_000);
    // Page 1 was in hand; the loop fetched pages 2 and 3 only when it got to them.
    expect(requests.map((r) => r.path)).toEqual(Array(3).fill('/v1/refunds'));

    const third = await (await first.next())!.next();
    expect(third!.data).toHaveLength(50);
    expect(third!.hasMore).toBe(false);
    expect(await third!.next()).toBeNull();

    // A cursor from the caller starts the list after that refund.
    const none = await reader.refunds.list({ paymentId: session.id, limit: 10, startingAfter: seen[244] });
    expect(none.data.map((r) => r.id)).toEqual(seen.slice(245));
  });
});
