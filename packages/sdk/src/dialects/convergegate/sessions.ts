import { isCurrency, validateMetadata } from '@refundkit/core';
import { RefundkitInvalidRequestError } from '../../errors.js';
import { Page } from '../../page.js';
import { requireId, ruleError } from '../../refunds.js';
import type { ApiResponse, RequestOptions, Transport } from '../../transport.js';
import type {
  CheckoutSession,
  ConvergeGateList,
  CreateCheckoutSessionParams,
  ListCheckoutSessionsParams,
  PayCheckoutSessionParams,
} from './types.js';

/** What the response said, beside the object (as `lastResponse` in stripe-node). */
export interface ResponseInfo {
  readonly statusCode: number;
  readonly requestId: string | null;
  readonly replayed: boolean;
  readonly idempotencyKey: string | null;
}

export type CheckoutSessionResult = CheckoutSession & { readonly lastResponse?: ResponseInfo };

const invalid = (code: string, param: string, message: string) =>
  new RefundkitInvalidRequestError({ message, type: 'invalid_request_error', code, param });

/** ConvergeGate's payments: checkout sessions, paid with a BLIK code. */
export class CheckoutSessionsResource {
  constructor(private readonly transport: Transport) {}

  async create(
    params: CreateCheckoutSessionParams,
    options?: RequestOptions,
  ): Promise<CheckoutSessionResult> {
    const { amount, currency } = params;
    if (!(typeof amount === 'number' && Number.isSafeInteger(amount) && amount > 0)) {
      throw invalid(
        'amount_invalid',
        'amount',
        'Amount must be a positive integer in the currency’s minor unit.',
      );
    }
    if (!isCurrency(currency))
      throw invalid('currency_invalid', 'currency', `Unknown currency: ${String(currency)}.`);
    const metadata = validateMetadata(params.metadata);
    if (!metadata.ok) throw ruleError(metadata.error);
    const { payment_method, currency: _currency, ...rest } = params;
    const body = {
      ...rest,
      currency: currency.toLowerCase(),
      payment_method: typeof payment_method === 'string' ? [payment_method] : payment_method,
    };
    return this.send({ method: 'POST', path: '/v1/checkout/sessions', body }, options);
  }

  async retrieve(id: string, options?: RequestOptions): Promise<CheckoutSessionResult> {
    requireId(id, 'id');
    return this.send({ method: 'GET', path: `/v1/checkout/sessions/${encodeURIComponent(id)}` }, options);
  }

  /** Submits the payer's BLIK code; `status` is `completed`, or `open` while the bank awaits approval. */
  async pay(
    id: string,
    params: PayCheckoutSessionParams,
    options?: RequestOptions,
  ): Promise<CheckoutSessionResult> {
    requireId(id, 'id');
    if (typeof params?.blik_code !== 'string' || !/^\d{6}$/.test(params.blik_code)) {
      throw invalid('blik_code_invalid', 'blik_code', 'A BLIK code is 6 digits.');
    }
    return this.send(
      {
        method: 'POST',
        path: `/v1/checkout/sessions/${encodeURIComponent(id)}/pay`,
        body: { blik_code: params.blik_code },
      },
      options,
    );
  }

  /** The first page; `for await` over it walks every session of every page. */
  async list(
    params: ListCheckoutSessionsParams = {},
    options?: RequestOptions,
  ): Promise<Page<CheckoutSession>> {
    const fetchPage = async (cursor: string | undefined) => {
      const response = await this.transport.request<ConvergeGateList<CheckoutSession>>(
        {
          method: 'GET',
          path: '/v1/checkout/sessions',
          query: { limit: params.limit, starting_after: cursor },
        },
        options,
      );
      return { data: [...response.data.data], hasMore: response.data.has_more === true };
    };
    return Page.first(fetchPage, (session) => session.id, params.starting_after ?? params.startingAfter);
  }

  private async send(
    request: Parameters<Transport['request']>[0],
    options: RequestOptions | undefined,
  ): Promise<CheckoutSessionResult> {
    const response = await this.transport.request<CheckoutSession>(request, options);
    return withResponse(response);
  }
}

/** Attaches `lastResponse` without making it part of the object's JSON. */
function withResponse(response: ApiResponse<CheckoutSession>): CheckoutSessionResult {
  const info: ResponseInfo = {
    statusCode: response.statusCode,
    requestId: response.requestId,
    replayed: response.replayed,
    idempotencyKey: response.idempotencyKey,
  };
  return Object.defineProperty({ ...response.data }, 'lastResponse', { value: info, enumerable: false });
}
