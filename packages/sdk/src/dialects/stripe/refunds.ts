import { canonicalRefund } from '../canonical.js';
import { convergeGateWire } from '../convergegate/protocol.js';
import type { RefundAdapter } from '../types.js';
import type { StripeList, StripeRefund } from './types.js';

/** `payment_intent` for a `pi_…` id, else `charge`: the two things a Stripe refund can name. */
const paymentField = (id: string) => (id.startsWith('pi_') ? 'payment_intent' : 'charge');

/** Canonical <-> Stripe: `charge` or `payment_intent` (by the id's prefix), form bodies, `/v1/refunds`. */
export const stripeRefunds: RefundAdapter<StripeRefund> = {
  dialect: 'stripe',
  // Stripe's wire is ConvergeGate's: Basic auth (Stripe takes it beside Bearer), bracketed forms, `{ error }`.
  wire: convergeGateWire,
  // What the server (and Stripe) answers for the refusals core can make locally.
  codes: {
    amount_invalid: 'parameter_invalid_integer',
    reason_invalid: 'parameter_invalid_string',
    currency_invalid: 'parameter_invalid_string',
    metadata_invalid: 'parameter_invalid_empty',
    amount_exceeds_refundable: 'amount_too_large',
    already_refunded: 'charge_already_refunded',
    payment_disputed: 'charge_disputed',
    payment_not_refundable: 'payment_intent_unexpected_state',
  },

  createRequest: ({ paymentId }, fields) => ({
    method: 'POST',
    path: '/v1/refunds',
    body: { [paymentField(paymentId)]: paymentId, ...fields },
  }),

  retrieveRequest: (id) => ({ method: 'GET', path: `/v1/refunds/${encodeURIComponent(id)}` }),

  listRequest: ({ paymentId, limit }, cursor) => ({
    method: 'GET',
    path: '/v1/refunds',
    query: {
      ...(paymentId === undefined ? {} : { [paymentField(paymentId)]: paymentId }),
      limit,
      starting_after: cursor,
    },
  }),

  decodeList: (body) => {
    const list = body as StripeList<StripeRefund>;
    if (!Array.isArray(list.data)) throw new TypeError('a Stripe list needs data');
    return { data: [...list.data], hasMore: list.has_more === true };
  },

  // Stripe refunds carry no `livemode` (nor an update time): the mode is the context's.
  toRefund: (raw, context) =>
    canonicalRefund(
      'stripe',
      {
        ...raw,
        paymentId: raw.payment_intent ?? raw.charge ?? '',
        failureReason: raw.failure_reason,
        createdAt: raw.created,
        updatedAt: raw.created,
      },
      context,
    ),
};
