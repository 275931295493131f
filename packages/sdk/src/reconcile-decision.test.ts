import { REFUND_STATUSES, type RefundStatus, TRANSITIONS } from '@refundkit/core';
import { describe, expect, it } from 'vitest';
import { canMove, decideReconcile, type ReconcileDecision } from './reconcile-decision.js';

const same: ReconcileDecision = { kind: 'unchanged' };
const go = (...events: string[]) => ({ kind: 'advance', events });
const back: ReconcileDecision = { kind: 'refuse', code: 'status_backwards' };
const aside: ReconcileDecision = { kind: 'refuse', code: 'status_sideways' };

// Every local status (rows) against every gateway answer (columns), written out by hand from
// DESIGN.md's machine rather than derived from it, so a change to TRANSITIONS shows up here.
const TABLE: Record<RefundStatus, Record<RefundStatus, ReconcileDecision | ReturnType<typeof go>>> = {
  pending: {
    pending: same,
    requires_action: go('require_action'),
    succeeded: go('succeed'),
    failed: go('fail'),
    canceled: go('cancel'),
  },
  requires_action: {
    pending: go('resume'),
    requires_action: same,
    succeeded: go('resume', 'succeed'),
    failed: go('fail'),
    canceled: go('cancel'),
  },
  succeeded: {
    pending: back,
    requires_action: back,
    succeeded: same,
    failed: go('reverse'),
    canceled: aside,
  },
  failed: { pending: back, requires_action: back, succeeded: back, failed: same, canceled: aside },
  canceled: { pending: back, requires_action: back, succeeded: aside, failed: aside, canceled: same },
};

describe('decideReconcile', () => {
  for (const from of REFUND_STATUSES) {
    for (const to of REFUND_STATUSES) {
      it(`${from} here, ${to} at the gateway`, () => {
        expect(decideReconcile(from, to)).toEqual(TABLE[from][to]);
      });
    }
  }

  it('every advance is a walk over core transitions that ends at the answer', () => {
    for (const from of REFUND_STATUSES) {
      for (const to of REFUND_STATUSES) {
        const decision = decideReconcile(from, to);
        if (decision.kind !== 'advance') continue;
        let status: RefundStatus = from;
        for (const event of decision.events) {
          const target = TRANSITIONS[status][event];
          expect(target, `${status} --${event}`).toBeDefined();
          status = target as RefundStatus;
        }
        expect(status).toBe(to);
      }
    }
  });
});

describe('canMove', () => {
  it('is false only where no transition leaves the status', () => {
    expect(REFUND_STATUSES.filter((status) => !canMove(status))).toEqual(['failed', 'canceled']);
  });
});
