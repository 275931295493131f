import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Attempt } from '../attempt.js';
import { payment, refund } from '../test/fixtures.js';
import { replaySends } from '../test/replay-sends.js';
import { RefundRequestError } from '../transport.js';
import { freshDraft } from './draft.js';
import { CLOSED, type Flow, type FlowEvent, refundFlow, STALE_CAP, type Step } from './flow.js';

const paid = payment(5000, 'USD');
const input = { paymentId: paid.id, amount: 2000, reason: 'requested_by_customer' as const };
const attempt: Attempt = { input, key: 'k_first' };
const created = refund(paid, 2000, 'pending');
const elsewhere = refund(paid, 3000);
const unavailable = new RefundRequestError('processing_error', 'The gateway is unavailable.', 502);
const overCap = new RefundRequestError('amount_exceeds_refundable', 'Exceeds what is refundable.', 400);

type StepName = Step['name'];
type EventType = FlowEvent['type'];

const STEPS: Record<StepName, Step> = {
  editing: { name: 'editing' },
  reviewing: { name: 'reviewing' },
  submitting: { name: 'submitting' },
  rereading: { name: 'rereading', error: overCap },
  failed: { name: 'failed', error: unavailable, figures: 'unchanged' },
  done: { name: 'done', refund: created },
};

const flowAt = (name: StepName, open = true): Flow => ({
  ...CLOSED,
  open,
  step: STEPS[name],
  draft: { amountText: '20.00', reason: 'requested_by_customer', note: '' },
  attempt: name === 'editing' || name === 'done' ? null : attempt,
});

// One event of each type, as the component sends it when its guard passes.
const EVENTS: Record<EventType, FlowEvent> = {
  open: { type: 'open', blocked: false, fullText: '50.00' },
  close: { type: 'close' },
  change: { type: 'change', draft: { note: 'Returned' } },
  review: { type: 'review', valid: true },
  back: { type: 'back' },
  submit: { type: 'submit', input, key: 'k_fresh' },
  succeeded: { type: 'succeeded', refund: created },
  failed: { type: 'failed', error: unavailable, canReread: true },
  reread: { type: 'reread', refunds: [elsewhere] },
  rereadFailed: { type: 'rereadFailed' },
};

// Every step × event, with the dialog open and closed: the step it leads to, or `—` when ignored
// (the same flow back). `open` and `close` also set `open`; nothing else changes it.
type Row = Record<EventType, StepName | '—'>;
// biome-ignore format: a table, one row per step
const OPEN: Record<StepName, Row> = {
  editing:    { open: '—', close: 'editing',    change: 'editing', review: 'reviewing', back: '—',       submit: '—',          succeeded: '—',    failed: '—',      reread: '—',      rereadFailed: '—' },
  reviewing:  { open: '—', close: 'reviewing',  change: '—',       review: '—',         back: 'editing', submit: 'submitting', succeeded: '—',    failed: '—',      reread: '—',      rereadFailed: '—' },
  submitting: { open: '—', close: 'submitting', change: '—',       review: '—',         back: '—',       submit: '—',          succeeded: 'done', failed: 'failed', reread: '—',      rereadFailed: '—' },
  rereading:  { open: '—', close: 'rereading',  change: '—',       review: '—',         back: '—',       submit: '—',          succeeded: '—',    failed: '—',      reread: 'failed', rereadFailed: 'failed' },
  failed:     { open: '—', close: 'failed',     change: '—',       review: '—',         back: 'editing', submit: 'submitting', succeeded: '—',    failed: '—',      reread: '—',      rereadFailed: '—' },
  done:       { open: '—', close: 'done',       change: '—',       review: '—',         back: '—',       submit: '—',          succeeded: '—',    failed: '—',      reread: '—',      rereadFailed: '—' },
};
// Closed, the user can only open it; a request in flight (and the re-read after its refusal) runs on.
// biome-ignore format: a table, one row per step
const CLOSED_TABLE: Record<StepName, Row> = {
  editing:    { open: 'editing',    close: '—', change: '—', review: '—', back: '—', submit: '—', succeeded: '—',    failed: '—',      reread: '—',      rereadFailed: '—' },
  reviewing:  { open: 'reviewing',  close: '—', change: '—', review: '—', back: '—', submit: '—', succeeded: '—',    failed: '—',      reread: '—',      rereadFailed: '—' },
  submitting: { open: 'submitting', close: '—', change: '—', review: '—', back: '—', submit: '—', succeeded: 'done', failed: 'failed', reread: '—',      rereadFailed: '—' },
  rereading:  { open: 'rereading',  close: '—', change: '—', review: '—', back: '—', submit: '—', succeeded: '—',    failed: '—',      reread: 'failed', rereadFailed: 'failed' },
  failed:     { open: 'failed',     close: '—', change: '—', review: '—', back: '—', submit: '—', succeeded: '—',    failed: '—',      reread: '—',      rereadFailed: '—' },
  done:       { open: 'editing',    close: '—', change: '—', review: '—', back: '—', submit: '—', succeeded: '—',    failed: '—',      reread: '—',      rereadFailed: '—' },
};

const entries = <K extends string, V>(record: Record<K, V>) => Object.entries(record) as [K, V][];

describe('refundFlow: every step × event', () => {
  for (const [open, table] of [
    [true, OPEN],
    [false, CLOSED_TABLE],
  ] as const) {
    for (const [from, row] of entries(table)) {
      for (const [type, to] of entries(row)) {
        test(`${open ? 'open' : 'closed'}, ${from} + ${type} → ${to === '—' ? 'ignored' : to}`, () => {
          const before = flowAt(from, open);
          const after = refundFlow(before, EVENTS[type]);
          if (to === '—') {
            expect(after).toBe(before);
            return;
          }
          expect(after.step.name).toBe(to);
          expect(after.open).toBe(type === 'open' ? true : type === 'close' ? false : open);
        });
      }
    }
  }
});

describe('refundFlow: guards and what each transition keeps', () => {
  test('the first open shows a fresh form: the full amount, the usual reason, no note', () => {
    expect(refundFlow(CLOSED, EVENTS.open)).toEqual({ ...CLOSED, open: true, draft: freshDraft('50.00') });
  });

  test('reopened, the dialog is where it was left; after a refund, or with no amount typed, it starts afresh', () => {
    const typed = { amountText: '12', reason: 'duplicate' as const, note: 'Twice' };
    const left = { ...flowAt('editing', false), draft: typed };
    expect(refundFlow(left, EVENTS.open).draft).toBe(typed);
    const reviewing = flowAt('reviewing', false);
    expect(refundFlow(reviewing, EVENTS.open).step).toBe(reviewing.step);
    const cleared = { ...left, draft: { ...typed, amountText: '' } };
    expect(refundFlow(cleared, EVENTS.open).draft).toEqual(freshDraft('50.00'));
    expect(refundFlow(flowAt('done', false), EVENTS.open)).toMatchObject({
      open: true,
      step: { name: 'editing' },
      draft: freshDraft('50.00'),
    });
  });

  test('a payment with nothing to refund cannot be opened', () => {
    for (const name of Object.keys(STEPS) as StepName[]) {
      const closed = flowAt(name, false);
      expect(refundFlow(closed, { ...EVENTS.open, blocked: true } as FlowEvent)).toBe(closed);
    }
  });

  test('the form changes field by field; review needs core’s yes', () => {
    const editing = flowAt('editing');
    expect(refundFlow(editing, { type: 'change', draft: { reason: null } }).draft).toEqual({
      ...editing.draft,
      reason: null,
    });
    expect(refundFlow(editing, { type: 'review', valid: false })).toBe(editing);
  });

  test('no double submit: while a request is in flight or its refusal is re-read, open or closed, a submit is ignored', () => {
    for (const name of ['submitting', 'rereading'] as const) {
      for (const open of [true, false]) {
        const busy = flowAt(name, open);
        expect(refundFlow(busy, EVENTS.submit)).toBe(busy);
        expect(refundFlow(busy, { type: 'submit', input: { ...input, amount: 1 }, key: 'k_other' })).toBe(
          busy,
        );
      }
    }
  });

  test('a draft core refuses is never sent', () => {
    for (const name of ['reviewing', 'failed'] as const) {
      const at = flowAt(name);
      expect(refundFlow(at, { type: 'submit', input: undefined, key: 'k_fresh' })).toBe(at);
    }
  });

  test('one key per attempt: a retry keeps it, through Edit too; a changed refund or one after a success gets a new one', () => {
    let flow: Flow = { ...flowAt('reviewing'), attempt: null };
    const send = (event: FlowEvent) => {
      flow = refundFlow(flow, event);
      return flow;
    };
    expect(send({ type: 'submit', input, key: 'k1' }).attempt).toEqual({ input, key: 'k1' });
    send(EVENTS.failed);
    expect(send({ type: 'submit', input: { ...input }, key: 'k2' }).attempt?.key).toBe('k1');
    send(EVENTS.failed);
    send(EVENTS.back);
    send(EVENTS.review);
    expect(send({ type: 'submit', input, key: 'k3' }).attempt?.key).toBe('k1');
    send(EVENTS.failed);
    send(EVENTS.back);
    const changed = { ...input, amount: 1500 };
    send({ type: 'change', draft: { amountText: '15' } });
    send(EVENTS.review);
    expect(send({ type: 'submit', input: changed, key: 'k4' }).attempt?.key).toBe('k4');
    expect(send(EVENTS.succeeded)).toMatchObject({ step: { name: 'done' }, attempt: null });
    send(EVENTS.close);
    send(EVENTS.open);
    send(EVENTS.review);
    expect(send({ type: 'submit', input: changed, key: 'k5' }).attempt?.key).toBe('k5');
  });

  test('a success counts the refund created until the parent’s list has it, open or closed', () => {
    for (const open of [true, false]) {
      const after = refundFlow({ ...flowAt('submitting', open), created: [elsewhere] }, EVENTS.succeeded);
      expect(after).toMatchObject({
        open,
        step: { name: 'done', refund: created },
        created: [elsewhere, created],
      });
    }
  });

  test('a refusal: explained at once, or after re-reading the refunds when it is a cap refusal', () => {
    const submitting = flowAt('submitting');
    expect(refundFlow(submitting, EVENTS.failed).step).toEqual({
      name: 'failed',
      error: unavailable,
      figures: 'unchanged',
    });
    for (const code of STALE_CAP) {
      const error = new RefundRequestError(code, 'Refused.', 400);
      expect(refundFlow(submitting, { type: 'failed', error, canReread: true }).step).toEqual({
        name: 'rereading',
        error,
      });
      // Nothing to re-read with: only the server's words can be trusted.
      expect(refundFlow(submitting, { type: 'failed', error, canReread: false }).step).toEqual({
        name: 'failed',
        error,
        figures: 'stale',
      });
    }
    expect(refundFlow(submitting, EVENTS.failed).attempt).toBe(attempt);
  });

  test('the re-read brings the refunds as they are now; a failed re-read leaves the figures stale', () => {
    const rereading = { ...flowAt('rereading'), fetched: [created] };
    expect(refundFlow(rereading, EVENTS.reread)).toMatchObject({
      step: { name: 'failed', error: overCap, figures: 'fresh' },
      fetched: [elsewhere],
    });
    expect(refundFlow(rereading, EVENTS.rereadFailed)).toMatchObject({
      step: { name: 'failed', error: overCap, figures: 'stale' },
      fetched: [created],
    });
  });

  test('closing and reopening keep the step itself, so an effect keyed on it does not run again', () => {
    const rereading = flowAt('rereading');
    const reopened = refundFlow(refundFlow(rereading, EVENTS.close), EVENTS.open);
    expect(reopened.step).toBe(rereading.step);
  });
});

describe('refundFlow: any sequence of events', () => {
  const amount = fc.integer({ min: 1, max: 3 });
  const event: fc.Arbitrary<FlowEvent> = fc.oneof(
    fc.record({ type: fc.constant('open' as const), blocked: fc.boolean(), fullText: fc.constant('50.00') }),
    fc.constant(EVENTS.close),
    fc.record({
      type: fc.constant('change' as const),
      draft: fc.record({ amountText: amount.map(String) }),
    }),
    fc.record({ type: fc.constant('review' as const), valid: fc.boolean() }),
    fc.constant(EVENTS.back),
    fc.record({
      type: fc.constant('submit' as const),
      input: fc.option(fc.record({ paymentId: fc.constant(paid.id), amount, reason: fc.constant(null) }), {
        nil: undefined,
      }),
      key: fc.uuid(),
    }),
    fc.constant(EVENTS.succeeded),
    fc.record({
      type: fc.constant('failed' as const),
      error: fc.constantFrom(unavailable, overCap),
      canReread: fc.boolean(),
    }),
    fc.constant(EVENTS.reread),
    fc.constant(EVENTS.rereadFailed),
  );

  test('one request in flight at most; a key never stands for two refunds nor outlives a success', () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 20, maxLength: 80 }), (events) =>
        replaySends(refundFlow, CLOSED, events, (before, e, after) => {
          // Closed, only opening it or an answer moves the step.
          if (!before.open && after.step !== before.step) {
            expect(['open', 'succeeded', 'failed', 'reread', 'rereadFailed']).toContain(e.type);
          }
        }),
      ),
      { numRuns: 500 },
    );
  });
});
