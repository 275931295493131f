import { canonicalRefund } from '../canonical.js';
import type { RefundAdapter } from '../types.js';
import { convergeGateWire } from './protocol.js';
import type { ConvergeGateList, ConvergeGateRefund } from './types.js';

/** Canonical <-> ConvergeGate for refunds: `session_id`, `duplicated`, form bodies, `/v1/refunds`. */
export const convergeGateRefunds: RefundAdapter<ConvergeGateRefund> = {
  dialect: 'convergegate',
  wire: convergeGateWire,

  createRequest: (params, fields) => ({
    method: 'POST',
    path: '/v1/refunds',
    body: { session_id: params.paymentId, ...fields },
  }),

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

  toRefund: (raw, context) =>
    canonicalRefund(
      'convergegate',
      {
        ...raw,
        paymentId: raw.session_id,
        failureReason: raw.failure_reason,
        createdAt: raw.created_at,
        updatedAt: raw.updated_at ?? raw.created_at,
      },
      context,
    ),
};
