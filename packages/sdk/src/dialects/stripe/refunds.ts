import { money, type Refund, reasonFromDialect, reasonToDialect, statusFromDialect } from '@refundkit/core';
import { basicAuth, convergeGateWire } from '../convergegate/protocol.js';
import type { RefundAdapter } from '../types.js';
import type { StripeList, StripeRefund } from './types.js';

const DIALECT = 'stripe';

/** Canonical <-> Stripe: `charge` or `payment_intent` (by the id's prefix), form bodies, `/v1/refunds`. */
export const stripeRefunds: RefundAdapter<StripeRefund> = {
  dialect: DIALECT,
  // Stripe's wire is ConvergeGate's: Basic auth, bracketed forms, `{ error: { type, code, … } }`.
  wire: { ...convergeGateWire, authHeaders: (key) => ({ Authorization: basicAuth(key) }) },

  createRequest(params) {
    const intent = params.paymentId.startsWith('pi_');
    return {
      method: 'POST',
      path: '/v1/refunds',
      body: {
        [intent ? 'payment_intent' : 'charge']: params.paymentId,
        amount: params.amount,
        reason: params.reason ? reasonToDialect(params.reason, DIALECT) : undefined,
        metadata: params.metadata,
      },
    };
  },

  retrieveRequest: (id) => ({ method: 'GET', path: `/v1/refunds/${encodeURIComponent(id)}` }),

  listRequest: (params, cursor) => {
    const id = params.paymentId;
    return {
      method: 'GET',
      path: '/v1/refunds',
      query: {
        ...(id === undefined ? {} : id.startsWith('pi_') ? { payment_intent: id } : { charge: id }),
        limit: params.limit,
        starting_after: cursor,
      },
    };
  },

  decodeList: (body) => {
    const list = body as StripeList<StripeRefund>;
    if (!Array.isArray(list.data)) throw new TypeError('a Stripe list needs data');
    return { data: [...list.data], hasMore: list.has_more === true };
  },

  toRefund(raw): Refund {
    return {
      id: raw.id,
      dialect: DIALECT,
      paymentId: raw.payment_intent ?? raw.charge ?? '',
      amount: money(raw.amount, raw.currency),
      status: statusFromDialect(raw.status, DIALECT),
      reason: raw.reason === null || raw.reason === undefined ? null : reasonFromDialect(raw.reason, DIALECT),
      reasonText: null,
      metadata: raw.metadata ?? {},
      failureReason: raw.failure_reason ?? null,
      livemode: raw['livemode'] === true,
      createdAt: raw.created,
      // Stripe refunds carry no update time.
      updatedAt: raw.created,
    };
  },
};
