import {
  CAPABILITIES,
  checkRefund,
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
import { Page } from './page.js';
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

/** Runs a core rule that throws `RefundError`, re-raising it as a typed SDK error. */
function rule<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw isRefundError(error) ? ruleError(error) : error;
  }
}

/** A response object the canonical model cannot hold (an unknown status word, say) is the server's fault. */
function decode<T>(run: () => T, raw: unknown, requestId: string | null): T {
  try {
    return run();
  } catch (error) {
    if (!isRefundError(error)) throw error;
    throw new RefundkitAPIError({
      message: `The server sent a refund the client cannot read: ${error.message}`,
      type: 'api_error',
      code: 'invalid_response',
      param: error.param ?? null,
      requestId,
      raw,
      cause: error,
    });
  }
}

/**
 * `refunds.*` for any dialect: pre-validation with core, canonical results, pagination and polling.
 * The adapter supplies only what differs between dialects.
 */
export class RefundsResource<Raw> {
  constructor(
    private readonly transport: Transport,
    private readonly adapter: RefundAdapter<Raw>,
  ) {}

  async create(params: CreateRefundParams, options?: RequestOptions): Promise<RefundResult<Raw>> {
    this.precheck(params);
    const request = rule(() => this.adapter.createRequest(params));
    return this.result(await this.transport.request<Raw>(request, options));
  }

  async retrieve(id: string, options?: RequestOptions): Promise<RefundResult<Raw>> {
    requireId(id, 'id');
    return this.result(await this.transport.request<Raw>(this.adapter.retrieveRequest(id), options));
  }

  /** The first page; `for await` over it walks every refund of every page. */
  async list(params: ListRefundsParams = {}, options?: RequestOptions): Promise<Page<RefundResult<Raw>>> {
    const fetchPage = async (cursor: string | undefined) => {
      const response = await this.transport.request<unknown>(
        this.adapter.listRequest(params, cursor ?? params.startingAfter),
        options,
      );
      const { data, hasMore } = this.adapter.decodeList(response.data);
      return { data: data.map((raw) => this.wrap(raw, { ...response, replayed: false })), hasMore };
    };
    return Page.first(fetchPage, (refund) => refund.id);
  }

  /**
   * Polls with a growing interval until the refund's status is what `until` asks for, or it is
   * terminal and can no longer get there (then it resolves with that refund: check `status`).
   */
  async waitFor(id: string, options: WaitForOptions = {}): Promise<RefundResult<Raw>> {
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
        last = await this.retrieve(id, { signal: deadline.signal });
        if (wanted(last.status) || isTerminal(last.status)) return last;
        await sleep(interval, deadline.signal);
        interval = Math.min(maxInterval, Math.ceil(interval * 1.5));
      }
    } catch (error) {
      options.signal?.throwIfAborted();
      if (!deadline.signal.aborted) throw error;
      throw new RefundkitWaitTimeoutError({
        message: `Refund ${id} was still ${last?.status ?? 'unknown'} after ${timeoutMs} ms.`,
        type: 'invalid_request_error',
        code: 'wait_timeout',
        requestId: last?.requestId ?? null,
        raw: last,
      });
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', forward);
    }
  }

  /** Everything core can tell before the request leaves. */
  private precheck(params: CreateRefundParams): void {
    requireId(params.paymentId, 'paymentId');
    const { dialect } = this.adapter;
    if (params.reason !== undefined && params.reason !== null)
      rule(() => reasonToDialect(params.reason!, dialect));
    if (params.payment) {
      const checked = checkRefund({
        payment: params.payment.snapshot,
        refunds: params.payment.refunds,
        request: {
          amount: params.amount,
          currency: params.currency,
          reason: params.reason,
          metadata: params.metadata,
        },
        capabilities: CAPABILITIES[dialect],
      });
      if (!checked.ok) throw ruleError(checked.error);
      return;
    }
    const { amount } = params;
    if (amount !== undefined && !(typeof amount === 'number' && Number.isSafeInteger(amount) && amount > 0)) {
      throw new RefundkitInvalidRequestError({
        message: 'Amount must be a positive integer in the currency’s minor unit.',
        type: 'invalid_request_error',
        code: 'amount_invalid',
        param: 'amount',
      });
    }
    const metadata = validateMetadata(params.metadata);
    if (!metadata.ok) throw ruleError(metadata.error);
  }

  private result(response: ApiResponse<Raw>): RefundResult<Raw> {
    return this.wrap(response.data, response);
  }

  private wrap(
    raw: Raw,
    response: Pick<ApiResponse<unknown>, 'replayed' | 'requestId' | 'idempotencyKey'>,
  ): RefundResult<Raw> {
    return {
      ...decode(() => this.adapter.toRefund(raw), raw, response.requestId),
      raw,
      replayed: response.replayed,
      requestId: response.requestId,
      idempotencyKey: response.idempotencyKey,
    };
  }
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
