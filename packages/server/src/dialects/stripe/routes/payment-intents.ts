import { normalizeCurrency } from '@refundkit/core';
import { asPayment } from '../../../domain/context.js';
import { DomainError, notFound } from '../../../domain/errors.js';
import { pageOf } from '../../../domain/pages.js';
import { findPayment } from '../../../domain/payments.js';
import type { TypedApp } from '../../../http/typed-app.js';
import { sendJson } from '../../../http/write.js';
import { stripeError } from '../errors.js';
import { expandList, intentView, itemPaths } from '../expand.js';
import { requireCustomer } from '../lookups.js';
import { bareId, intentData, PREFIX } from '../objects.js';
import { listQuery } from '../query.js';
import type { StripeRoutes } from '../route-context.js';
import {
  amount,
  expand,
  expandQuery,
  feeAmount,
  flag,
  id,
  isTrue,
  listDoc,
  metadata,
  security,
  tags,
} from '../route-schemas.js';
import { checkedMetadata } from '../store/metadata.js';
import { confirmIntent, insertIntent } from '../store/payment-intents.js';

const createIntentBody = {
  type: 'object',
  additionalProperties: false,
  required: ['amount', 'currency'],
  properties: {
    amount,
    currency: { type: 'string', minLength: 3, maxLength: 3 },
    payment_method: { type: 'string' },
    confirm: flag,
    customer: { type: 'string' },
    description: { type: 'string' },
    receipt_email: { type: 'string' },
    metadata,
    application_fee_amount: feeAmount,
    transfer_data: {
      type: 'object',
      additionalProperties: false,
      required: ['destination'],
      properties: { destination: { type: 'string', minLength: 1 }, amount: feeAmount },
    },
    payment_method_types: { type: 'array', items: { type: 'string', enum: ['card'] } },
    automatic_payment_methods: {
      type: 'object',
      additionalProperties: false,
      properties: { enabled: flag, allow_redirects: { type: 'string', enum: ['always', 'never'] } },
    },
    capture_method: { type: 'string', enum: ['automatic', 'automatic_async'] },
    return_url: { type: 'string' },
    off_session: flag,
    expand,
  },
} as const;

const confirmBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    payment_method: { type: 'string' },
    return_url: { type: 'string' },
    off_session: flag,
    expand,
  },
} as const;

/** A confirmation's answer: the intent, or Stripe's 402 card error carrying it (the decline is committed). */
const confirmed = (result: Awaited<ReturnType<typeof confirmIntent>>, expandParam: unknown) => {
  const view = intentView(result.row, expandList(expandParam));
  if (!result.decline) return { statusCode: 200, body: view };
  const { type, message, code, ...extra } = result.decline;
  return {
    statusCode: 402,
    body: stripeError(type, message, code, undefined, { ...extra, payment_intent: view }),
  };
};

/** PaymentIntents: create (and confirm at once), confirm with a test payment method, retrieve, list. */
export function registerPaymentIntentRoutes(app: TypedApp, routes: StripeRoutes): void {
  const { services, scopeOf, write, listUrl } = routes;

  app.post(
    '/v1/payment_intents',
    {
      schema: {
        tags,
        summary: 'Create a PaymentIntent (confirm=true pays it at once)',
        security,
        body: createIntentBody,
      },
    },
    (request, reply) => {
      const b = request.body;
      const currency = normalizeCurrency(b.currency);
      const transferData = b.transfer_data;
      const transfer = transferData?.destination ?? null;
      const fee = b.application_fee_amount ?? null;
      if (fee !== null && !transfer) {
        throw new DomainError(
          'invalid_request',
          'parameter_invalid',
          'Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).',
          'application_fee_amount',
        );
      }
      for (const [param, value] of [
        ['application_fee_amount', fee],
        ['transfer_data[amount]', transferData?.amount],
      ] as const) {
        if (typeof value === 'number' && value > b.amount) {
          throw new DomainError(
            'invalid_request',
            'parameter_invalid_integer',
            `The ${param} (${value}) must be less than or equal to the amount (${b.amount}).`,
            param,
          );
        }
      }
      const pm = b.payment_method;
      return write(request, reply, async (trx) => {
        const scope = scopeOf(request);
        if (b.customer !== undefined) await requireCustomer(trx, scope, b.customer);
        const row = await insertIntent(services, trx, scope, {
          amount: b.amount,
          currency,
          metadata: checkedMetadata(b.metadata),
          data: {
            kind: 'payment_intent',
            payment_method: pm ?? null,
            customer: b.customer ?? null,
            description: b.description ?? null,
            receipt_email: b.receipt_email ?? null,
            application_fee_amount: fee,
            transfer_destination: transfer,
            transfer_amount: transferData?.amount ?? null,
          },
        });
        if (!isTrue(b.confirm)) return { statusCode: 200, body: intentView(row, expandList(b.expand)) };
        return confirmed(await confirmIntent(services, trx, scope, `pi_${row.id}`, pm), b.expand);
      });
    },
  );

  app.post(
    '/v1/payment_intents/:id/confirm',
    {
      schema: {
        tags,
        summary: 'Confirm a PaymentIntent with a test payment method',
        security,
        params: id,
        body: confirmBody,
      },
    },
    (request, reply) =>
      write(request, reply, async (trx) => {
        const result = await confirmIntent(
          services,
          trx,
          scopeOf(request),
          request.params.id,
          request.body.payment_method,
        );
        return confirmed(result, request.body.expand);
      }),
  );

  app.get(
    '/v1/payment_intents/:id',
    {
      schema: { tags, summary: 'Retrieve a PaymentIntent', security, params: id, querystring: expandQuery },
    },
    async (request, reply) => {
      const row = await findPayment(services.db, scopeOf(request), bareId(PREFIX.intent, request.params.id));
      if (!row || intentData(row).kind === 'balance')
        throw notFound('payment_intent', request.params.id, 'intent');
      return sendJson(reply, intentView(row, expandList(request.query.expand)));
    },
  );

  app.get(
    '/v1/payment_intents',
    { schema: listDoc('List PaymentIntents', { customer: { type: 'string' } }) },
    async (request, reply) => {
      const q = request.query;
      const paths = itemPaths(expandList(q.expand));
      if (q.customer !== undefined) await requireCustomer(services.db, scopeOf(request), q.customer);
      const page = await pageOf(
        services.db,
        'payments',
        scopeOf(request),
        listQuery(q),
        (query) =>
          query.where('dialect', '=', 'stripe').where(
            'data',
            '@>',
            JSON.stringify({
              kind: 'payment_intent',
              ...(q.customer ? { customer: q.customer } : {}),
            }),
          ),
        (c) => bareId(PREFIX.intent, c),
        'payment_intent',
      );
      return sendJson(reply, {
        object: 'list',
        data: page.data.map((r) => intentView(asPayment(r), paths)),
        has_more: page.has_more,
        url: listUrl(request),
      });
    },
  );
}
