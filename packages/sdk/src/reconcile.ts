import { isRefundStatus, type Refund, type RefundStatus } from '@refundkit/core';
import { invalidRequest, isRefundkitError, RefundkitError } from './errors.js';
import { canMove, decideReconcile } from './reconcile-decision.js';
import type { RequestOptions } from './transport.js';

/** A refund as the caller's own records know it: a canonical `Refund` fits. */
export interface LocalRefund {
  readonly id: string;
  readonly status: RefundStatus;
}

/** One page of locally pending refunds, and where the next one starts (`null`/absent: none). */
export interface PendingPage<T extends LocalRefund = LocalRefund> {
  readonly data: readonly T[];
  readonly nextCursor?: string | null | undefined;
}

/** Lists pending refunds a page at a time: at most `limit` of them, after `cursor` (`null`: from the start). */
export type PendingSource<T extends LocalRefund = LocalRefund> = (query: {
  readonly limit: number;
  readonly cursor: string | null;
}) => Promise<PendingPage<T>>;

/** Any dialect's client: only `refunds.retrieve` is used. */
export interface ReconcileClient {
  readonly refunds: { retrieve(id: string, options?: RequestOptions): Promise<Refund> };
}

export interface ReconcileChange<T extends LocalRefund = LocalRefund> {
  readonly id: string;
  readonly from: RefundStatus;
  readonly to: RefundStatus;
  /** The gateway's refund, as just retrieved. */
  readonly refund: Refund;
  /** The caller's entry it came from. */
  readonly local: T;
}

export type ReconcileErrorCode =
  /** The gateway's status lies behind the local one (a stale answer): not applied. */
  | 'status_backwards'
  /** Neither status can reach the other (say failed locally, canceled at the gateway): not applied. */
  | 'status_sideways'
  /** The local status is failed or canceled: nothing can move it, so it was not asked about. */
  | 'status_final'
  /** The entry had no id or no canonical status. */
  | 'local_refund_invalid'
  /** The same id came again in this run: asked about (and applied) once only. */
  | 'local_refund_duplicate'
  /** The gateway could not be asked (`cause` is the SDK error). */
  | 'retrieve_failed'
  /** `apply` threw (`cause`); the refund was left as it was locally. */
  | 'apply_failed'
  /** The time budget was spent (or `signal` aborted) before this refund's turn. */
  | 'not_reached';

/** Why a refund was skipped, failed or not reached; `from`/`to` where known. */
export class RefundkitReconcileError extends RefundkitError {
  override name = 'RefundkitReconcileError';
  declare readonly code: ReconcileErrorCode;
  readonly refundId: string | null;
  readonly from: RefundStatus | null;
  readonly to: RefundStatus | null;

  constructor(
    code: ReconcileErrorCode,
    message: string,
    facts: { refundId: string | null; from?: RefundStatus | null; to?: RefundStatus | null; cause?: unknown },
  ) {
    const cause = facts.cause;
    super({
      message,
      type: 'reconcile_error',
      code,
      cause,
      statusCode: isRefundkitError(cause) ? cause.statusCode : null,
      requestId: isRefundkitError(cause) ? cause.requestId : null,
    });
    this.refundId = facts.refundId;
    this.from = facts.from ?? null;
    this.to = facts.to ?? null;
  }
}

/** The pending source threw or broke its contract; the run stops (already applied changes stay). */
export class RefundkitReconcileSourceError extends RefundkitError {
  override name = 'RefundkitReconcileSourceError';
  constructor(message: string, cause: unknown) {
    super({ message, type: 'reconcile_error', code: 'source_failed', cause, raw: cause });
  }
}

export interface ReconcileIssue<T extends LocalRefund = LocalRefund> {
  readonly id: string;
  readonly local: T;
  readonly error: RefundkitReconcileError;
}

export interface ReconcileReport<T extends LocalRefund = LocalRefund> {
  /** Moved forward (and applied, when `apply` was given). */
  readonly changed: readonly ReconcileChange<T>[];
  /** The gateway agrees with the local status. */
  readonly unchanged: readonly { readonly id: string; readonly status: RefundStatus; readonly local: T }[];
  /** Deliberately left alone: backwards, sideways, final or invalid entries. */
  readonly skipped: readonly ReconcileIssue<T>[];
  /** Tried and failed: the retrieve or `apply` threw. Worth another run. */
  readonly failed: readonly ReconcileIssue<T>[];
  /** Listed but not started before the budget ran out. */
  readonly notReached: readonly ReconcileIssue<T>[];
  /** Every pending refund was listed and tried. False when the budget or `signal` stopped the run. */
  readonly complete: boolean;
  /** The source threw or broke its contract (`source_failed`); the run stopped there. */
  readonly sourceError: RefundkitReconcileSourceError | null;
}

export interface ReconcileOptions<T extends LocalRefund = LocalRefund> {
  /** The locally pending refunds, or a source that lists them a page at a time. */
  readonly pending: readonly T[] | PendingSource<T>;
  /**
   * Records one forward move locally (write the new status, emit an event). Awaited before the slot
   * takes the next refund; a throw reports the refund as failed (`apply_failed`).
   */
  readonly apply?: ((change: ReconcileChange<T>) => Promise<void> | void) | undefined;
  /** Refunds listed (and held) at once. Default 100. */
  readonly pageSize?: number | undefined;
  /** Retrievals in flight at once. Default 4. */
  readonly concurrency?: number | undefined;
  /** No retrieval starts once this many ms have passed since the run began. Default 30 000. */
  readonly budgetMs?: number | undefined;
  /** The clock the budget is measured on, in ms. Default `Date.now`. */
  readonly now?: (() => number) | undefined;
  /** Stops the run: nothing new starts, in-flight retrievals are cancelled. */
  readonly signal?: AbortSignal | undefined;
  /** Per-retrieve options (timeout, retries). */
  readonly requestOptions?: Omit<RequestOptions, 'signal' | 'idempotencyKey'> | undefined;
}

export const RECONCILE_DEFAULTS = { pageSize: 100, concurrency: 4, budgetMs: 30_000 } as const;

function bound(value: number | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!(Number.isSafeInteger(value) && value >= min)) {
    throw invalidRequest('parameter_invalid', `${name} must be an integer of at least ${min}.`, name);
  }
  return value;
}

/**
 * Asks the gateway about each locally pending refund and moves it forward through core's status
 * machine: never backwards, never sideways (those are reported, not applied). Bounded by page size,
 * concurrency and a time budget, so a scheduled run never overlaps the next. Throws only for bad
 * options (`parameter_invalid`), before anything is asked; everything else is in the report.
 */
export async function reconcile<T extends LocalRefund>(
  client: ReconcileClient,
  options: ReconcileOptions<T>,
): Promise<ReconcileReport<T>> {
  const pageSize = bound(options.pageSize, 'pageSize', RECONCILE_DEFAULTS.pageSize, 1);
  const concurrency = bound(options.concurrency, 'concurrency', RECONCILE_DEFAULTS.concurrency, 1);
  const budgetMs = bound(options.budgetMs, 'budgetMs', RECONCILE_DEFAULTS.budgetMs, 0);
  const { pending, apply, signal, requestOptions } = options;
  if (typeof pending !== 'function' && !Array.isArray(pending)) {
    throw invalidRequest(
      'parameter_invalid',
      'pending must be an array of refunds or a page source.',
      'pending',
    );
  }
  const now = options.now ?? Date.now;
  const startedAt = now();
  const spent = () => signal?.aborted === true || now() - startedAt >= budgetMs;

  const changed: ReconcileChange<T>[] = [];
  const unchanged: { id: string; status: RefundStatus; local: T }[] = [];
  const skipped: ReconcileIssue<T>[] = [];
  const failed: ReconcileIssue<T>[] = [];
  const notReached: ReconcileIssue<T>[] = [];
  const issue = (list: ReconcileIssue<T>[], local: T, error: RefundkitReconcileError) =>
    list.push({ id: String(local?.id), local, error });

  const seen = new Set<string>();
  const one = async (local: T): Promise<void> => {
    const from = local?.status;
    if (typeof local?.id !== 'string' || local.id === '' || !isRefundStatus(from)) {
      issue(
        skipped,
        local,
        new RefundkitReconcileError(
          'local_refund_invalid',
          'A pending refund needs an id and a canonical status.',
          { refundId: typeof local?.id === 'string' ? local.id : null },
        ),
      );
      return;
    }
    const { id } = local;
    if (seen.has(id)) {
      issue(
        skipped,
        local,
        new RefundkitReconcileError('local_refund_duplicate', `Refund ${id} was listed twice in one run.`, {
          refundId: id,
          from,
        }),
      );
      return;
    }
    seen.add(id);
    if (!canMove(from)) {
      issue(
        skipped,
        local,
        new RefundkitReconcileError('status_final', `Refund ${id} is ${from}: nothing moves it.`, {
          refundId: id,
          from,
        }),
      );
      return;
    }
    let refund: Refund;
    try {
      refund = await client.refunds.retrieve(id, { ...requestOptions, signal });
    } catch (cause) {
      issue(
        failed,
        local,
        new RefundkitReconcileError(
          'retrieve_failed',
          `Refund ${id} could not be retrieved: ${(cause as Error)?.message}`,
          { refundId: id, from, cause },
        ),
      );
      return;
    }
    const to = refund.status;
    const decision = decideReconcile(from, to);
    if (decision.kind === 'unchanged') {
      unchanged.push({ id, status: from, local });
      return;
    }
    if (decision.kind === 'refuse') {
      issue(
        skipped,
        local,
        new RefundkitReconcileError(
          decision.code,
          `Refund ${id} is ${from} here and ${to} at the gateway: not applied.`,
          { refundId: id, from, to },
        ),
      );
      return;
    }
    const change: ReconcileChange<T> = { id, from, to, refund, local };
    try {
      await apply?.(change);
    } catch (cause) {
      issue(
        failed,
        local,
        new RefundkitReconcileError(
          'apply_failed',
          `Refund ${id} moved to ${to} but apply threw: ${(cause as Error)?.message}`,
          { refundId: id, from, to, cause },
        ),
      );
      return;
    }
    changed.push(change);
  };

  const unreached = (local: T) =>
    issue(
      notReached,
      local,
      new RefundkitReconcileError('not_reached', 'The run stopped before this refund.', {
        refundId: typeof local?.id === 'string' ? local.id : null,
        from: isRefundStatus(local?.status) ? local.status : null,
      }),
    );

  /** Runs one page through `concurrency` slots; true when the budget let every refund start. */
  const runPage = async (items: readonly T[]): Promise<boolean> => {
    let next = 0;
    const slot = async () => {
      while (next < items.length && !spent()) await one(items[next++] as T);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, slot));
    items.slice(next).forEach(unreached);
    return next === items.length;
  };

  let complete = false;
  let sourceError: RefundkitReconcileSourceError | null = null;
  if (Array.isArray(pending)) {
    let at = 0;
    while (at < pending.length && (await runPage(pending.slice(at, at + pageSize)))) at += pageSize;
    pending.slice(at + pageSize).forEach(unreached);
    complete = at >= pending.length;
  } else {
    let cursor: string | null = null;
    for (;;) {
      if (spent()) break;
      let page: PendingPage<T>;
      try {
        page = await listPage(pending, pageSize, cursor);
      } catch (error) {
        sourceError = error as RefundkitReconcileSourceError;
        break;
      }
      const done = await runPage(page.data);
      cursor = page.nextCursor ?? null;
      if (!done) break;
      if (cursor === null) {
        complete = true;
        break;
      }
    }
  }
  return { changed, unchanged, skipped, failed, notReached, complete, sourceError };
}

async function listPage<T extends LocalRefund>(
  source: PendingSource<T>,
  limit: number,
  cursor: string | null,
): Promise<PendingPage<T>> {
  let page: PendingPage<T>;
  try {
    page = await source({ limit, cursor });
  } catch (cause) {
    throw new RefundkitReconcileSourceError(`The pending source failed: ${(cause as Error)?.message}`, cause);
  }
  if (!Array.isArray(page?.data) || page.data.length > limit) {
    throw new RefundkitReconcileSourceError(
      `The pending source must answer { data } with at most ${limit} refunds.`,
      page,
    );
  }
  if (
    page.nextCursor !== undefined &&
    page.nextCursor !== null &&
    (typeof page.nextCursor !== 'string' || page.nextCursor === cursor)
  ) {
    throw new RefundkitReconcileSourceError(
      'The pending source answered a cursor that does not move on.',
      page,
    );
  }
  return page;
}
