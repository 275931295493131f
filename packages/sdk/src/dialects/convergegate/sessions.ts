import { invalidRequest } from '../../errors.js';
import { firstPage, type Page } from '../../page.js';
import { requireId } from '../../refunds.js';
import type { ApiRequest, ApiResponse, RequestOptions, Transport } from '../../transport.js';
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

/** ConvergeGate's payments: checkout sessions, paid with a BLIK code. */
export interface CheckoutSessionsResource {
  create(params: CreateCheckoutSessionParams, options?: RequestOptions): Promise<CheckoutSessionResult>;
  retrieve(id: string, options?: RequestOptions): Promise<CheckoutSessionResult>;
  /** Submits the payer's BLIK code; `status` is `completed`, or `open` while the bank awaits approval. */
  pay(id: string, params: PayCheckoutSessionParams, options?: RequestOptions): Promise<CheckoutSessionResult>;
  /** The first page; `for await` over it walks every session of every page. */
  list(params?: ListCheckoutSessionsParams, options?: RequestOptions): Promise<Page<CheckoutSession>>;
}

const PATH = '/v1/checkout/sessions';

export function checkoutSessionsResource(transport: Transport): CheckoutSessionsResource {
  const send = async (request: ApiRequest, options: RequestOptions | undefined) =>
    withResponse(await transport.request<CheckoutSession>(request, options));
  const at = (id: string) => {
    requireId(id, 'id');
    return `${PATH}/${encodeURIComponent(id)}`;
  };

  return {
    async create(params, options) {
      // Checkout-session fields are the server's to judge (it runs the same core rules): no local copy.
      const { payment_method, currency } = params;
      const body = {
        ...params,
        currency: typeof currency === 'string' ? currency.toLowerCase() : currency,
        payment_method: typeof payment_method === 'string' ? [payment_method] : payment_method,
      };
      return send({ method: 'POST', path: PATH, body }, options);
    },

    retrieve: async (id, options) => send({ method: 'GET', path: at(id) }, options),

    async pay(id, params, options) {
      const path = `${at(id)}/pay`;
      if (!/^\d{6}$/.test(String(params?.blik_code))) {
        throw invalidRequest('parameter_invalid', 'A BLIK code is 6 digits.', 'blik_code');
      }
      return send({ method: 'POST', path, body: { blik_code: params.blik_code } }, options);
    },

    async list(params = {}, options) {
      return firstPage(
        async (cursor) => {
          const { data } = await transport.request<ConvergeGateList<CheckoutSession>>(
            { method: 'GET', path: PATH, query: { limit: params.limit, starting_after: cursor } },
            options,
          );
          return { data: [...data.data], hasMore: data.has_more === true };
        },
        (session) => session.id,
        params.starting_after ?? params.startingAfter,
      );
    },
  };
}

/** Attaches `lastResponse` without making it part of the object's JSON. */
function withResponse({
  data,
  statusCode,
  requestId,
  replayed,
  idempotencyKey,
}: ApiResponse<CheckoutSession>) {
  const info: ResponseInfo = { statusCode, requestId, replayed, idempotencyKey };
  return Object.defineProperty({ ...data }, 'lastResponse', { value: info }) as CheckoutSessionResult;
}
