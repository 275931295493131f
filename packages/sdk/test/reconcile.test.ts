import { isTerminal, type Refund, type RefundStatus } from '@refundkit/core';
import { createServer, type RunningServer } from '@refundkit/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LocalRefund,
  type PendingSource,
  type ReconcileClient,
  RefundkitInvalidRequestError,
  RefundkitReconcileError,
  reconcile,
} from '../src/index.js';
import { type Harness, harnesses, type Outcome } from './conformance-harness.js';
import { caught, clientFor } from './helpers.js';

// Its own server: no account webhook URL, no notification URLs, no endpoints registered, so nothing
// but reconcile can tell the local copies what happened (the last test checks nothing was sent).
let server: RunningServer;
let all: Harness[];
beforeAll(async () => {
  server = await createServer({ port: 0, inMemory: true, refundDelayMs: 0 });
  all = await harnesses(server);
});
afterAll(async () => server?.close());

const harness = (dialect: Harness['dialect']) => all.find((h) => h.dialect === dialect) as Harness;

/** A full refund of a fresh payment whose refunds end in `outcome`. */
async function refundEnding(h: Harness, outcome: Outcome): Promise<Refund> {
  const paymentId = await h.paid(1000, { outcome });
  return h.refunds.create({ paymentId, ...h.refundExtras(outcome) });
}

/** Waits (by polling the gateway, not the clock) until the processor has settled the refund. */
const settled = (h: Harness, id: string) =>
  h.refunds.waitFor(id, { until: ['requires_action', 'succeeded', 'failed', 'canceled'], intervalMs: 10 });

interface Local extends LocalRefund {
  status: RefundStatus;
}

describe.each(['convergegate', 'stripe', 'checkout'] as const)('reconcile against %s', (dialect) => {
  it('brings every stuck refund to its true status, never backwards, and a second run changes nothing', async () => {
    const h = harness(dialect);
    const created: Refund[] = [];
    for (const outcome of h.outcomes) {
      created.push(await refundEnding(h, outcome), await refundEnding(h, outcome));
    }
    // Stripe cancels a refund waiting in requires_action: one of each kind goes that way.
    let canceled: Refund | null = null;
    if (h.cancel) {
      canceled = await refundEnding(h, 'requires_action');
      await settled(h, canceled.id);
      expect((await h.cancel(canceled.id)).status).toBe('canceled');
      created.push(canceled);
    }
    // The service's own records: every refund still pending, as if no webhook ever arrived.
    const local = new Map<string, Local>(created.map((r) => [r.id, { id: r.id, status: 'pending' }]));
    const truth = new Map<string, RefundStatus>();
    for (const refund of created) truth.set(refund.id, (await settled(h, refund.id)).status);
    const expected = new Set<RefundStatus>([
      'succeeded',
      'failed',
      ...(h.cancel ? ['canceled' as const] : []),
    ]);
    if (h.outcomes.includes('requires_action')) expected.add('requires_action');
    expect(new Set(truth.values())).toEqual(expected);

    const missingEntry: Local = { id: h.missingRefundId, status: 'pending' };
    const applied: string[] = [];
    const run = () =>
      reconcile(h.client, {
        pending: [...local.values(), missingEntry],
        pageSize: 3,
        concurrency: 2,
        apply(change) {
          expect(local.get(change.id)?.status).toBe(change.from);
          applied.push(`${change.id} ${change.from}->${change.to}`);
          (change.local as Local).status = change.to;
        },
      });
    const first = await run();

    for (const [id, status] of truth) expect(local.get(id)?.status, id).toBe(status);
    expect(first.changed.map((c) => `${c.id} ${c.from}->${c.to}`).sort()).toEqual(applied.sort());
    expect(first.changed).toHaveLength(created.length);
    for (const change of first.changed) {
      expect(change.refund.id).toBe(change.id);
      expect(change.refund.status).toBe(change.to);
    }
    expect(first.unchanged).toEqual([]);
    expect(first.skipped).toEqual([]);
    expect(first.complete).toBe(true);
    expect(first.notReached).toEqual([]);
    const issues = (report: typeof first) =>
      [...report.skipped, ...report.failed].map((i) => [i.id, i.error.code, i.error.from, i.error.to]).sort();
    const missingIssue = [h.missingRefundId, 'retrieve_failed', 'pending', null];
    expect(issues(first)).toEqual([missingIssue]);
    const [missing] = first.failed;
    expect(missing?.error).toBeInstanceOf(RefundkitReconcileError);
    expect(missing?.error.refundId).toBe(h.missingRefundId);
    expect(missing?.error.statusCode).toBe(404);
    expect(missing?.error.cause).toBeInstanceOf(RefundkitInvalidRequestError);
    expect(missingEntry.status).toBe('pending');

    // Another service's records that are ahead of, or beside, the gateway: reported, never applied.
    const [succeeded] = created.filter((r) => truth.get(r.id) === 'succeeded') as [Refund];
    const ahead: Local[] = [{ id: succeeded.id, status: 'canceled' }];
    const waiting = created.find((r) => truth.get(r.id) === 'requires_action');
    if (waiting) ahead.push({ id: waiting.id, status: 'succeeded' });
    if (canceled) ahead.push({ id: canceled.id, status: 'succeeded' });
    const aheadBefore = ahead.map((e) => e.status);
    const stale = await reconcile(h.client, {
      pending: ahead,
      apply: (change) => {
        applied.push(change.id);
      },
    });
    expect(issues(stale)).toEqual(
      [
        [succeeded.id, 'status_final', 'canceled', null],
        ...(waiting ? [[waiting.id, 'status_backwards', 'succeeded', 'requires_action']] : []),
        ...(canceled ? [[canceled.id, 'status_sideways', 'succeeded', 'canceled']] : []),
      ].sort(),
    );
    for (const issue of stale.skipped) {
      expect(issue.error).toBeInstanceOf(RefundkitReconcileError);
      expect(issue.error.refundId).toBe(issue.id);
    }
    expect(stale.changed).toEqual([]);
    expect(ahead.map((e) => e.status)).toEqual(aheadBefore);

    applied.length = 0;
    const second = await run();
    expect(second.changed).toEqual([]);
    expect(applied).toEqual([]);
    // Now failed or canceled locally: nothing can move them, so they are not even asked about.
    const final = [...truth].filter(([, status]) => status === 'failed' || status === 'canceled');
    const moving = [...truth].filter(([, status]) => status !== 'failed' && status !== 'canceled');
    expect(second.unchanged.map((u) => u.id).sort()).toEqual(moving.map(([id]) => id).sort());
    expect(issues(second)).toEqual(
      [missingIssue, ...final.map(([id, status]) => [id, 'status_final', status, null])].sort(),
    );
    for (const [id, status] of truth) expect(local.get(id)?.status, id).toBe(status);
    expect([...truth.values()].every((s) => isTerminal(s) || s === 'requires_action')).toBe(true);
  });
});

describe('reconcile bounds (ConvergeGate, real server)', () => {
  /** `count` refunds that succeed, each with a local copy still pending. */
  async function stuck(count: number): Promise<Local[]> {
    const h = harness('convergegate');
    const out: Local[] = [];
    for (let i = 0; i < count; i++) {
      const refund = await refundEnding(h, 'succeeded');
      await settled(h, refund.id);
      out.push({ id: refund.id, status: 'pending' });
    }
    return out;
  }

  /** The real client's retrieve, counting calls in flight at once. */
  function counted(onStart?: () => void, onEnd?: () => void) {
    const real = clientFor(server);
    const stats = { inFlight: 0, max: 0, calls: 0 };
    const client: ReconcileClient = {
      refunds: {
        async retrieve(id, options) {
          stats.calls += 1;
          stats.inFlight += 1;
          stats.max = Math.max(stats.max, stats.inFlight);
          onStart?.();
          try {
            return await real.refunds.retrieve(id, options);
          } finally {
            stats.inFlight -= 1;
            onEnd?.();
          }
        },
      },
    };
    return { client, stats };
  }

  /** Serves `items` a page at a time (cursor = index), recording each query. */
  function source(items: readonly Local[], inFlight: () => number) {
    const queries: { limit: number; cursor: string | null; inFlight: number }[] = [];
    const list: PendingSource<Local> = async ({ limit, cursor }) => {
      queries.push({ limit, cursor, inFlight: inFlight() });
      const at = cursor === null ? 0 : Number(cursor);
      const end = at + limit;
      return { data: items.slice(at, end), nextCursor: end < items.length ? String(end) : null };
    };
    return { list, queries };
  }

  let refunds: Local[];
  beforeAll(async () => {
    refunds = await stuck(11);
  });
  const fresh = () => refunds.map((r) => ({ ...r }));

  it('lists a page of at most pageSize and holds no more than that at once', async () => {
    const { client, stats } = counted();
    const { list, queries } = source(fresh(), () => stats.inFlight);
    const report = await reconcile(client, { pending: list, pageSize: 4, concurrency: 3 });
    expect(queries.map((q) => [q.limit, q.cursor])).toEqual([
      [4, null],
      [4, '4'],
      [4, '8'],
    ]);
    // The next page is asked for only once the last one's retrievals are done.
    expect(queries.every((q) => q.inFlight === 0)).toBe(true);
    expect(report.changed).toHaveLength(11);
    expect(report.complete).toBe(true);
  });

  it('never has more than `concurrency` retrievals in flight', async () => {
    for (const concurrency of [1, 3, 5]) {
      const { client, stats } = counted();
      const report = await reconcile(client, { pending: fresh(), pageSize: 100, concurrency });
      expect(stats.calls).toBe(11);
      expect(stats.max).toBe(concurrency);
      expect(report.changed).toHaveLength(11);
    }
  });

  it('starts nothing once the time budget is spent, and says what it did not reach', async () => {
    // The clock moves 10 ms per finished retrieval: deterministic, whatever the machine's speed.
    let clock = 1_000;
    const { client, stats } = counted(undefined, () => {
      clock += 10;
    });
    const items = fresh();
    const report = await reconcile(client, {
      pending: items,
      concurrency: 1,
      pageSize: 3,
      budgetMs: 35,
      now: () => clock,
    });
    // Started at 0, 10, 20 and 30 ms; at 40 ms the budget is spent.
    expect(stats.calls).toBe(4);
    expect(report.changed.map((c) => c.id)).toEqual(items.slice(0, 4).map((i) => i.id));
    expect(report.notReached.map((n) => n.id)).toEqual(items.slice(4).map((i) => i.id));
    expect(report.notReached.every((n) => n.error.code === 'not_reached')).toBe(true);
    expect(report.complete).toBe(false);
  });

  it('lists nothing from a source when the budget is already spent', async () => {
    const { client, stats } = counted();
    const { list, queries } = source(fresh(), () => stats.inFlight);
    const report = await reconcile(client, { pending: list, budgetMs: 0, now: () => 5 });
    expect(queries).toEqual([]);
    expect(stats.calls).toBe(0);
    expect(report).toMatchObject({ changed: [], notReached: [], complete: false, sourceError: null });
  });

  it('stops a source run at the budget and leaves later pages unlisted', async () => {
    let clock = 0;
    const { client, stats } = counted(undefined, () => {
      clock += 10;
    });
    const { list, queries } = source(fresh(), () => stats.inFlight);
    const report = await reconcile(client, {
      pending: list,
      pageSize: 2,
      concurrency: 2,
      budgetMs: 20,
      now: () => clock,
    });
    // Page 1: both start at 0 (20 ms after). Page 2 is not listed: the budget is spent.
    expect(queries.map((q) => q.cursor)).toEqual([null]);
    expect(report.changed).toHaveLength(2);
    expect(report.complete).toBe(false);
  });

  it('starts nothing once its signal is aborted', async () => {
    const { client, stats } = counted();
    const controller = new AbortController();
    controller.abort();
    const items = fresh();
    const report = await reconcile(client, { pending: items, signal: controller.signal });
    expect(stats.calls).toBe(0);
    expect(report.notReached.map((n) => n.id)).toEqual(items.map((i) => i.id));
    expect(report.complete).toBe(false);
  });

  it('refuses bad bounds before asking anything', async () => {
    const { client, stats } = counted();
    for (const bad of [
      { pageSize: 0 },
      { concurrency: 0 },
      { concurrency: 1.5 },
      { budgetMs: -1 },
      { pageSize: Number.NaN },
    ]) {
      const error = await caught(reconcile(client, { pending: fresh(), ...bad }));
      expect(error).toBeInstanceOf(RefundkitInvalidRequestError);
      expect(error.code).toBe('parameter_invalid');
      expect(error.param).toBe(Object.keys(bad)[0]);
    }
    const error = await caught(reconcile(client, { pending: 'refunds' as never }));
    expect(error.param).toBe('pending');
    expect(stats.calls).toBe(0);
  });

  it('reports invalid entries, a failing apply and a broken source without stopping the others', async () => {
    const { client } = counted();
    const [a, b] = fresh() as [Local, Local];
    const report = await reconcile(client, {
      pending: [{ id: '', status: 'pending' }, { id: 'x', status: 'done' as never }, a, b, { ...b }],
      apply(change) {
        if (change.id === a.id) throw new Error('database down');
      },
    });
    expect(report.skipped.map((s) => [s.id, s.error.code])).toEqual([
      ['', 'local_refund_invalid'],
      ['x', 'local_refund_invalid'],
      [b.id, 'local_refund_duplicate'],
    ]);
    expect(report.failed.map((f) => [f.id, f.error.code, f.error.to])).toEqual([
      [a.id, 'apply_failed', 'succeeded'],
    ]);
    expect(report.changed.map((c) => c.id)).toEqual([b.id]);

    const tooBig: PendingSource = async ({ limit }) => ({
      data: fresh().slice(0, limit + 1),
      nextCursor: null,
    });
    const stuckCursor: PendingSource = async ({ cursor }) => ({ data: [], nextCursor: cursor ?? 'same' });
    const throwing: PendingSource = async () => {
      throw new Error('no database');
    };
    for (const pending of [tooBig, stuckCursor, throwing]) {
      const broken = await reconcile(client, { pending, pageSize: 2 });
      expect(broken.sourceError?.code).toBe('source_failed');
      expect(broken.complete).toBe(false);
    }
  });

  it('sent no webhook all along', async () => {
    const count = async (table: 'deliveries' | 'endpoint_deliveries') =>
      Number(
        (
          await server.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count('deliveries')).toBe(0);
    expect(await count('endpoint_deliveries')).toBe(0);
  });
});
