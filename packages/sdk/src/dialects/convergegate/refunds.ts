import { money, type Refund, reasonFromDialect, reasonToDialect, statusFromDialect } from '@refundkit/core';
import type { RefundAdapter } from '../types.js';
import { convergeGateWire } from './protocol.js';
import type { ConvergeGateList, ConvergeGateRefund } from './types.js';

const DIALECT = 'convergegate';

/** Canonical <-> ConvergeGate for refunds: `session_id`, `duplicated`, form bodies, `/v1/refunds`. */
export const convergeGateRefunds: RefundAdapter<ConvergeGateRefund> = {
  dialect: DIALECT,
  wire: convergeGateWire,

  createRequest(params) {
    return {
      method: 'POST',
      path: '/v1/refunds',
      body: {
        session_id: params.paymentId,
        amount: params.amount,
        reason: params.reason ? reasonToDialect(params.reason, DIALECT) : undefined,
        metadata: params.metadata,
      },
    };
  },

  retrieveRequest: (id) => ({ method: 'GET', path: `/v1/refunds/${encodeURIComponent(id)}` }),

  listRequest: (params, cursor) => ({
    method: 'GET',
    path: '/v1/refunds',
    query: { session_id: params.paymentId, limit: params.limit, starting_after: cursor },
  }),

  decodeList: (body) => {
    const list = body as ConvergeGateList<ConvergeGateRefund>;
    return { data: [...list.data], hasMore: list.has_more === true };
  },

  toRefund(raw): Refund {
    return {
      id: raw.id,
      dialect: DIALECT,
      paymentId: raw.session_id,
      amount: money(raw.amount, raw.currency),
      status: statusFromDialect(raw.status, DIALECT),
      reason: raw.reason === null || raw.reason === undefined ? null : reasonFromDialect(raw.reason, DIALECT),
      reasonText: null,
      metadata: raw.metadata ?? {},
      failureReason: raw.failure_reason ?? null,
      livemode: raw.livemode,
      createdAt: raw.created_at,
      updatedAt: raw.updated_at ?? raw.created_at,
    };
  },
};
