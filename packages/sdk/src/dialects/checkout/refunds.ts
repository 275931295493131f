import { invalidRequest } from '../../errors.js';
import { errorFields, type WireProtocol } from '../../transport.js';
import { canonicalRefund } from '../canonical.js';
import type { RefundAdapter } from '../types.js';
import type { CheckoutRefund, CheckoutRefundAccepted } from './types.js';

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const at = (id: string) => `/api/checkouts/${encodeURIComponent(id)}`;

/** Bearer key, JSON bodies, `{ status, code, message, param }` errors. */
export const checkoutWire: WireProtocol = {
  authHeaders: (secretKey) => ({ Authorization: `Bearer ${secretKey}` }),
  encodeBody: (body) => ({ contentType: 'application/json', body: JSON.stringify(body) }),
  decodeError(body) {
    const error = errorFields(body);
    // Seed 003 answers a missing or wrong key with 403, which elsewhere means "not allowed".
    return error?.code
      ? { ...error, type: (body as { status?: unknown }).status === 403 ? 'authentication_error' : null }
      : null;
  },
};

export const checkoutRefunds: RefundAdapter<CheckoutRefund> = {
  dialect: 'checkout',
  wire: checkoutWire,
  // The server's schema answers an amount that is not a positive integer before core sees it.
  codes: { amount_invalid: 'parameter_invalid' },

  createRequest: ({ paymentId }, fields) => ({
    method: 'POST',
    path: `${at(paymentId)}/refund`,
    body: { ...fields },
  }),

  // 202 { id, refundId, status: "successful" } means accepted, not refunded.
  acceptedRefundId(body) {
    const id = (body as Partial<CheckoutRefundAccepted> | null)?.refundId;
    if (typeof id !== 'string') throw new TypeError('the 202 answer has no refundId');
    return id;
  },

  retrieveRequest: (id) => ({ method: 'GET', path: `/api/refunds/${encodeURIComponent(id)}` }),

  listRequest: ({ paymentId }) => {
    if (paymentId === undefined) {
      throw invalidRequest(
        'parameter_missing',
        'Checkout lists refunds per checkout: pass paymentId.',
        'paymentId',
      );
    }
    return { method: 'GET', path: `${at(paymentId)}/refunds` };
  },

  decodeList: (body) => {
    const items = (body as { items?: CheckoutRefund[] }).items;
    if (!Array.isArray(items)) throw new TypeError('a Checkout list needs items');
    return { data: [...items], hasMore: false };
  },

  toRefund: (raw, context) =>
    canonicalRefund(
      'checkout',
      {
        ...raw,
        paymentId: raw.checkoutId,
        createdAt: seconds(raw.createdAt),
        updatedAt: seconds(raw.updatedAt),
      },
      context,
    ),
};
