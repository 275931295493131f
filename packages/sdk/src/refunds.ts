import {
  CAPABILITIES,
  checkRefund,
  fail,
  isRefundError,
  isTerminal,
  type RefundError,
  type RefundStatus,
  reasonToDialect,
  validateMetadata,
} from '@refundkit/core';
import type {
  CreateRefundParams,
  ListRefundsParams,
  RefundAdapter,
  RefundResult,
  WaitForOptions,
  WaitUntil,
} from './dialects/types.js';
import { RefundkitAPIError, RefundkitInvalidRequestError, RefundkitWaitTimeoutError } from './errors.js';
import { firstPage, type Page } from './page.js';
import { type ApiResponse, type RequestOptions, sleep, type Transport } from './transport.js';

/** A rule refusal from core as the error the server would have answered with. */
export function ruleError(error: RefundError): RefundkitInvalidRequestError {
  return new RefundkitInvalidRequestError({
    message: error.message,
    type: 'invalid_request_error',
    code: error.code,
    param: error.param ?? null,
    raw: error,
  });
}

/**
 * Runs core code that throws `RefundError` and re-raises it typed: a refused request, or (given the
 * response) an unreadable response, since a refund the canonical model cannot hold is the server's fault.
 */
function rule<T>(run: () => T, response?: { raw: unknown; requestId: string | null }): T {
  try {
    return run();
  } catch (error) {
    if (response) {
      throw new RefundkitAPIError({
        message: `Unreadable refund: ${(error as Error).message}`,
        code: 'invalid_response',
        requestId: response.requestId,
        raw: response.raw,
        cause: error,
      });
    }
    throw isRefundError(error) ? ruleError(error) : error;
  }
}

/** `refunds.*` for any dialect. */
export interface RefundsResource<Raw> {
  create(params: CreateRefundParams, options?: RequestOptions): Promise<RefundResult<Raw>>;
  retrieve(id: string, options?: RequestOptions): Promise<RefundResult<Raw>>;
  /** The first page; `for await` over it walks every refund of every page. */
  list(params?: ListRefundsParams, options?: RequestOptions): Promise<Page<RefundResult<Raw>>>;
  /**
   * Polls with a growing interval until the refund's status is what `until` asks for, or it is
   * terminal and can no longer get there (then it resolves with that refund: check `status`).
   */
  waitFor(id: string, options?: WaitForOptions): Promise<RefundResult<Raw>>;
}

/**
 * Pre-validation with core, canonical results, pagination and polling, for any dialect: the adapter
 * supplies only what differs between dialects.
 */
export function refundsResource<Raw>(
  transport: Transport,
  adapter: RefundAdapter<Raw>,
): RefundsResource<Raw> {
  const { dialect } = adapter;

  const wrap = (
    raw: Raw,
    response: Pick<ApiResponse<unknown>, 'replayed' | 'requestId' | 'idempotencyKey'>,
  ): RefundResult<Raw> => ({
    ...rule(() => adapter.toRefund(raw), { raw, requestId: response.requestId }),
    raw,
    replayed: response.replayed,
    requestId: response.requestId,
    idempotencyKey: response.idempotencyKey,
  });

  /** Everything core can tell before the request leaves. */
  const precheck = (params: CreateRefundParams): void => {
    requireId(params.paymentId, 'paymentId');
    const { amount, reason, metadata, payment } = params;
    if (reason) rule(() => reasonToDialect(reason, dialect));
    const checked = payment
      ? checkRefund({
          payment: payment.snapshot,
          refunds: payment.refunds,
          request: { amount, currency: params.currency, reason, metadata },
          capabilities: CAPABILITIES[dialect],
        })
      : amount !== undefined && !(Number.isSafeInteger(amount) && amount > 0)
        ? fail('amount_invalid', 'Amount must be a positive integer of minor units.', { param: 'amount' })
        : validateMetadata(metadata);
    if (!checked.ok) throw ruleError(checked.error);
  };

  const retrieve = async (id: string, options?: RequestOptions): Promise<RefundResult<Raw>> => {
    requireId(id, 'id');
    const response = await transport.request<Raw>(adapter.retrieveRequest(id), options);
    return wrap(response.data, response);
  };

  return {
    async create(params, options) {
      precheck(params);
      const response = await transport.request<Raw>(
        rule(() => adapter.createRequest(params)),
        options,
      );
      return wrap(response.data, response);
    },

    retrieve,

    async list(params = {}, options) {
      return firstPage(
        async (cursor) => {
          const response = await transport.request<unknown>(
            adapter.listRequest(params, cursor ?? params.startingAfter),
            options,
          );
          const { data, hasMore } = rule(() => adapter.decodeList(response.data), {
            raw: response.data,
            requestId: response.requestId,
          });
          return { data: data.map((raw) => wrap(raw, { ...response, replayed: false })), hasMore };
        },
        (refund) => refund.id,
      );
    },

    async waitFor(id, options = {}) {
      requireId(id, 'id');
      const wanted = wantedStatuses(options.until ?? 'terminal');
      const timeoutMs = options.timeoutMs ?? 60_000;
      const maxInterval = options.maxIntervalMs ?? 5_000;
      let interval = options.intervalMs ?? 500;
      // One signal for the whole wait: the deadline and the caller's cancellation both end it, even mid-poll.
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), timeoutMs);
      const forward = () => deadline.abort();
      options.signal?.addEventListener('abort', forward, { once: true });
      let last: RefundResult<Raw> | null = null;
      try {
        for (;;) {
          options.signal?.throwIfAborted();
          last = await retrieve(id, { signal: deadline.signal });
          if (wanted(last.status) || isTerminal(last.status)) return last;
          await sleep(interval, deadline.signal);
          interval = Math.min(maxInterval, Math.ceil(interval * 1.5));
        }
      } catch (error) {
        options.signal?.throwIfAborted();
        if (!deadline.signal.aborted) throw error;
        throw new RefundkitWaitTimeoutError({
          message: `Refund ${id} was still ${last?.status} after ${timeoutMs} ms.`,
          type: 'invalid_request_error',
          code: 'wait_timeout',
          requestId: last?.requestId,
          raw: last,
        });
      } finally {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', forward);
      }
    },
  };
}

function wantedStatuses(until: WaitUntil): (status: RefundStatus) => boolean {
  if (until === 'terminal') return isTerminal;
  const set: readonly RefundStatus[] = typeof until === 'string' ? [until] : until;
  return (status) => set.includes(status);
}

/** Ids go into paths, so an empty or non-string id is refused instead of hitting a different endpoint. */
export function requireId(id: unknown, param: string): void {
  if (typeof id !== 'string' || id.trim() === '') {
    throw new RefundkitInvalidRequestError({
      message: `${param} must be a non-empty string.`,
      type: 'invalid_request_error',
      code: 'parameter_missing',
      param,
    });
  }
}
