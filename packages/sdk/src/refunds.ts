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
  RefundContext,
  RefundFields,
  RefundResult,
  WaitForOptions,
  WaitUntil,
} from './dialects/types.js';
import {
  invalidRequest,
  RefundkitAPIError,
  type RefundkitInvalidRequestError,
  RefundkitWaitTimeoutError,
} from './errors.js';
import { firstPage, type Page } from './page.js';
import {
  type ApiRequest,
  type ApiResponse,
  type RequestOptions,
  sleep,
  type Transport,
} from './transport.js';

/**
 * A rule refusal from core as the error the server would have answered with: the same `type`,
 * `param` and (through the dialect's `codes`) `code`, with `statusCode: null` since nothing was sent.
 */
export function ruleError(
  error: RefundError,
  codes?: Readonly<Record<string, string>> | undefined,
): RefundkitInvalidRequestError {
  return invalidRequest(
    (codes && Object.hasOwn(codes, error.code) ? codes[error.code] : undefined) ?? error.code,
    error.message,
    error.param ?? null,
    error,
  );
}

type ResponseFacts = Pick<ApiResponse<unknown>, 'replayed' | 'requestId' | 'idempotencyKey'>;

/**
 * Runs core code that throws `RefundError` and re-raises it typed: a refused request, or (given the
 * response) an unreadable response, since a refund the canonical model cannot hold is the server's fault.
 */
function rule<T>(
  run: () => T,
  codes?: Readonly<Record<string, string>>,
  response?: { raw: unknown; requestId: string | null },
): T {
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
    throw isRefundError(error) ? ruleError(error, codes) : error;
  }
}

/** A refund object as the canonical result, with what the response said about it. */
function wrapRefund<Raw>(
  adapter: RefundAdapter<Raw>,
  context: RefundContext,
  raw: Raw,
  response: ResponseFacts,
): RefundResult<Raw> {
  return {
    ...rule(() => adapter.toRefund(raw, context), undefined, { raw, requestId: response.requestId }),
    raw,
    replayed: response.replayed,
    requestId: response.requestId,
    idempotencyKey: response.idempotencyKey,
  };
}

/** Sends a request that answers with one refund (a dialect's own refund call, Stripe's cancel) and maps it. */
export async function sendRefund<Raw>(
  transport: Transport,
  adapter: RefundAdapter<Raw>,
  context: RefundContext,
  request: ApiRequest,
  options?: RequestOptions,
): Promise<RefundResult<Raw>> {
  const response = await transport.request<Raw>(request, options);
  return wrapRefund(adapter, context, response.data, response);
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
 * supplies only what differs between dialects, `context` what the client knows (its key's mode).
 */
export function refundsResource<Raw>(
  transport: Transport,
  adapter: RefundAdapter<Raw>,
  context: RefundContext,
): RefundsResource<Raw> {
  const { dialect, codes } = adapter;

  /** Everything core can tell before the request leaves; the body fields in the dialect's words. */
  const precheck = (params: CreateRefundParams): RefundFields => {
    requireId(params.paymentId, 'paymentId');
    const { amount, reason, reasonText, metadata, payment } = params;
    const word = reason ? rule(() => reasonToDialect(reason, dialect), codes) : undefined;
    const checked = payment
      ? checkRefund({
          payment: payment.snapshot,
          refunds: payment.refunds,
          request: { amount, currency: params.currency, reason, reasonText, metadata },
          capabilities: CAPABILITIES[dialect],
        })
      : amount !== undefined && !(Number.isSafeInteger(amount) && amount > 0)
        ? fail('amount_invalid', undefined, { param: 'amount' })
        : validateMetadata(metadata);
    if (!checked.ok) throw ruleError(checked.error, codes);
    // Free text goes only with `other`, which only a dialect that takes it lets through.
    return {
      amount,
      reason: word,
      reason_text: reason === 'other' ? (reasonText ?? undefined) : undefined,
      metadata,
    };
  };

  const retrieve = async (id: string, options?: RequestOptions): Promise<RefundResult<Raw>> => {
    requireId(id, 'id');
    return sendRefund(transport, adapter, context, adapter.retrieveRequest(id), options);
  };

  return {
    async create(params, options) {
      const request = adapter.createRequest(params, precheck(params));
      const response = await transport.request<Raw>(request, options);
      const accepted = adapter.acceptedRefundId;
      if (!accepted) return wrapRefund(adapter, context, response.data, response);
      // Only an acknowledgement came back: the refund itself is read right after it, with the call's
      // signal, timeout and retries (a GET carries no idempotency key).
      const id = rule(() => accepted(response.data), undefined, {
        raw: response.data,
        requestId: response.requestId,
      });
      const refund = await retrieve(id, options);
      const result = {
        ...refund,
        replayed: response.replayed,
        idempotencyKey: response.idempotencyKey,
        accepted: response.data,
      };
      return result;
    },

    retrieve,

    async list(params = {}, options) {
      return firstPage(
        async (cursor) => {
          const response = await transport.request<unknown>(
            adapter.listRequest(params, cursor ?? params.startingAfter),
            options,
          );
          const { data, hasMore } = rule(() => adapter.decodeList(response.data), undefined, {
            raw: response.data,
            requestId: response.requestId,
          });
          return {
            data: data.map((raw) => wrapRefund(adapter, context, raw, { ...response, replayed: false })),
            hasMore,
          };
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
    throw invalidRequest('parameter_missing', `${param} must be a non-empty string.`, param);
  }
}
