import { REFUND_STATUSES, type RefundEventType, type RefundStatus, TRANSITIONS } from '@refundkit/core';

/**
 * What to do with a gateway's answer about a refund known locally as `from`:
 * - `unchanged`: the gateway agrees;
 * - `advance`: `to` lies ahead on core's machine; `events` is the shortest way there (usually one
 *   step; `requires_action` → `succeeded` goes through `resume`, `succeed`);
 * - `refuse`: `to` cannot be reached from `from`. `status_backwards` when `from` can be reached from
 *   `to` (the answer is older than what is known), `status_sideways` when neither can reach the other.
 */
export type ReconcileDecision =
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'advance'; readonly events: readonly RefundEventType[] }
  | { readonly kind: 'refuse'; readonly code: 'status_backwards' | 'status_sideways' };

/** Pure. Both statuses must be canonical (`isRefundStatus`). */
export function decideReconcile(from: RefundStatus, to: RefundStatus): ReconcileDecision {
  if (from === to) return { kind: 'unchanged' };
  const events = pathBetween(from, to);
  if (events) return { kind: 'advance', events };
  return { kind: 'refuse', code: pathBetween(to, from) ? 'status_backwards' : 'status_sideways' };
}

/** No status is final for reconciliation while some transition still leaves it (`succeeded` can be reversed). */
export function canMove(status: RefundStatus): boolean {
  return Object.keys(TRANSITIONS[status]).length > 0;
}

/** Breadth-first over core's transitions: the shortest list of events from `from` to `to`, or null. */
function pathBetween(from: RefundStatus, to: RefundStatus): RefundEventType[] | null {
  const seen = new Set<RefundStatus>([from]);
  let frontier: [RefundStatus, RefundEventType[]][] = [[from, []]];
  // The machine has five states: at most four steps separate any two.
  for (let depth = 0; depth < REFUND_STATUSES.length && frontier.length > 0; depth++) {
    const next: [RefundStatus, RefundEventType[]][] = [];
    for (const [status, path] of frontier) {
      for (const [event, target] of Object.entries(TRANSITIONS[status]) as [
        RefundEventType,
        RefundStatus,
      ][]) {
        if (target === to) return [...path, event];
        if (!seen.has(target)) {
          seen.add(target);
          next.push([target, [...path, event]]);
        }
      }
    }
    frontier = next;
  }
  return null;
}
