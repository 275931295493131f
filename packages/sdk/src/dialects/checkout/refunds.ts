import { money, type Refund, reasonFromDialect, reasonToDialect, statusFromDialect } from '@refundkit/core';
import { RefundkitInvalidRequestError } from '../../errors.js';
import type { WireError, WireProtocol } from '../../transport.js';
import type { RefundAdapter } from '../types.js';
import type { CheckoutRefund } from './types.js';

const DIALECT = 'checkout';
const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** Bearer key, JSON bodies, `{ status, code, message, param }` errors. */
export const checkoutWire: WireProtocol = {
  authHeaders: (secretKey) => ({ Authorization: `Bearer ${secretKey}` }),
  encodeBody: (body) => ({ contentType: 'application/json', body: JSON.stringify(body) }),
  decodeError(body: unknown): WireError | null {
    if (typeof body !== 'object' || body === null) return null;
    const field = (name: string): string | null => {
      const value = (body as Record<string, unknown>)[name];
      return typeof value === 'string' ? value : null;
    };
    if (field('code') === null) return null;
    return { type: null, code: field('code'), message: field('message'), param: field('param') };
  },
};

export const checkoutRefunds: RefundAdapter<CheckoutRefund> = {
  dialect: DIALECT,
  wire: checkoutWire,

  createRequest(params) {
    return {
      method: 'POST',
      path: `/api/checkouts/${encodeURIComponent(params.paymentId)}/refund`,
      body: {
        amount: params.amount,
        reason: params.reason ? reasonToDialect(params.reason, DIALECT) : undefined,
        metadata: params.metadata,
      },
    };
  },

  retrieveRequest: (id) => ({ method: 'GET', path: `/api/refunds/${encodeURIComponent(id)}` }),

  listRequest: (params) => {
    if (params.paymentId === undefined) {
      throw new RefundkitInvalidRequestError({
        message: 'Checkout lists refunds per checkout: pass paymentId.',
        type: 'invalid_request_error',
        code: 'parameter_missing',
        param: 'paymentId',
      });
    }
    return { method: 'GET', path: `/api/checkouts/${encodeURIComponent(params.paymentId)}/refunds` };
  },

  decodeList: (body) => {
    const items = (body as { items?: CheckoutRefund[] }).items;
    if (!Array.isArray(items)) throw new TypeError('a Checkout list needs items');
    return { data: [...items], hasMore: false };
  },

  toRefund(raw): Refund {
    return {
      id: raw.id,
      dialect: DIALECT,
      paymentId: raw.checkoutId,
      amount: money(raw.amount, raw.currency),
      status: statusFromDialect(raw.status, DIALECT),
      reason: raw.reason === null || raw.reason === undefined ? null : reasonFromDialect(raw.reason, DIALECT),
      reasonText: raw.reasonText ?? null,
      metadata: raw.metadata ?? {},
      failureReason: raw.failureReason ?? null,
      livemode: raw.livemode,
      createdAt: seconds(raw.createdAt),
      updatedAt: seconds(raw.updatedAt),
    };
  },
};
