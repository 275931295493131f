import { type RefundReason, reasonFromDialect } from '@refundkit/core';
import { asRefund } from '../../../domain/context.js';
import { DomainError, notFound } from '../../../domain/errors.js';
import { pageOf } from '../../../domain/pages.js';
import type { TypedApp } from '../../../http/typed-app.js';
import { sendJson } from '../../../http/write.js';
import { expandList, itemPaths, refundView } from '../expand.js';
import { requirePayment } from '../lookups.js';
import { bareId, PREFIX } from '../objects.js';
import { listQuery } from '../query.js';
import type { StripeRoutes } from '../route-context.js';
import {
  amount,
  expand,
  expandOnly,
  expandQuery,
  flag,
  id,
  isTrue,
  listDoc,
  metadata,
  security,
  tags,
} from '../route-schemas.js';
import { cancelRefund, updateRefundMetadata } from '../store/refund-changes.js';
import { refundDetails } from '../store/refund-details.js';
import { createStripeRefund } from '../store/refunds.js';

const createRefundBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    amount,
    charge: { type: 'string' },
    payment_intent: { type: 'string' },
    reason: { type: 'string', enum: ['duplicate', 'fraudulent', 'requested_by_customer'] },
    metadata,
    instructions_email: { type: 'string' },
    origin: { type: 'string', enum: ['customer_balance'] },
    customer: { type: 'string' },
    currency: { type: 'string', minLength: 3, maxLength: 3 },
    refund_application_fee: flag,
    reverse_transfer: flag,
    expand,
  },
} as const;

const updateRefundBody = {
  type: 'object',
  additionalProperties: false,
  properties: { metadata, expand },
} as const;

/** Refunds: create (charge, payment_intent or a customer balance), retrieve, update metadata, cancel, list. */
export function registerRefundRoutes(app: TypedApp, routes: StripeRoutes): void {
  const { services, scopeOf, write, listUrl } = routes;

  app.post(
    '/v1/refunds',
    {
      schema: {
        tags,
        summary: 'Create a refund (charge, payment_intent or origin=customer_balance)',
        security,
        body: createRefundBody,
      },
    },
    (request, reply) => {
      const b = request.body;
      const reason: RefundReason | null =
        b.reason === undefined ? null : reasonFromDialect(b.reason, 'stripe');
      return write(request, reply, async (trx) => {
        const scope = scopeOf(request);
        const { row, details } = await createStripeRefund(services, trx, scope, {
          charge: b.charge,
          paymentIntent: b.payment_intent,
          amount: b.amount,
          reason,
          metadata: b.metadata,
          instructionsEmail: b.instructions_email,
          origin: b.origin,
          customer: b.customer,
          currency: b.currency,
          refundApplicationFee: isTrue(b.refund_application_fee),
          reverseTransfer: isTrue(b.reverse_transfer),
        });
        return {
          statusCode: 200,
          body: await refundView(trx, scope, row, details, expandList(b.expand)),
        };
      });
    },
  );

  app.get(
    '/v1/refunds/:id',
    { schema: { tags, summary: 'Retrieve a refund', security, params: id, querystring: expandQuery } },
    async (request, reply) => {
      const scope = scopeOf(request);
      const row = await services.db
        .selectFrom('refunds')
        .selectAll()
        .where('id', '=', bareId(PREFIX.refund, request.params.id))
        .where('account_id', '=', scope.accountId)
        .where('livemode', '=', scope.livemode)
        .where('dialect', '=', 'stripe')
        .executeTakeFirst();
      if (!row) throw notFound('refund', request.params.id, 'id');
      const details = (await refundDetails(services.db, [row.id])).get(row.id) ?? {};
      return sendJson(
        reply,
        await refundView(services.db, scope, asRefund(row), details, expandList(request.query.expand)),
      );
    },
  );

  app.post(
    '/v1/refunds/:id',
    {
      schema: { tags, summary: 'Update a refund (metadata)', security, params: id, body: updateRefundBody },
    },
    (request, reply) =>
      write(request, reply, async (trx) => {
        const scope = scopeOf(request);
        const row = await updateRefundMetadata(
          services,
          trx,
          scope,
          request.params.id,
          request.body.metadata,
        );
        const details = (await refundDetails(trx, [row.id])).get(row.id) ?? {};
        return {
          statusCode: 200,
          body: await refundView(trx, scope, row, details, expandList(request.body['expand'])),
        };
      }),
  );

  app.post(
    '/v1/refunds/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a refund that requires action',
        security,
        params: id,
        body: expandOnly,
      },
    },
    (request, reply) =>
      write(request, reply, async (trx) => {
        const scope = scopeOf(request);
        const row = await cancelRefund(services, trx, scope, request.params.id);
        const details = (await refundDetails(trx, [row.id])).get(row.id) ?? {};
        return {
          statusCode: 200,
          body: await refundView(trx, scope, row, details, expandList(request.body['expand'])),
        };
      }),
  );

  app.get(
    '/v1/refunds',
    { schema: listDoc('List refunds', { charge: { type: 'string' }, payment_intent: { type: 'string' } }) },
    async (request, reply) => {
      const q = request.query;
      const scope = scopeOf(request);
      const paths = itemPaths(expandList(q.expand));
      let paymentId: string | undefined;
      if (q.charge !== undefined) {
        paymentId = (await requirePayment(services.db, scope, PREFIX.charge, q.charge, 'charge', 'charge'))
          .id;
      }
      if (q.payment_intent !== undefined) {
        const intent = await requirePayment(
          services.db,
          scope,
          PREFIX.intent,
          q.payment_intent,
          'payment_intent',
          'payment_intent',
        );
        if (paymentId !== undefined && paymentId !== intent.id) {
          throw new DomainError(
            'invalid_request',
            'parameter_invalid',
            `The charge ${q.charge} does not belong to the PaymentIntent ${q.payment_intent}.`,
            'payment_intent',
          );
        }
        paymentId = intent.id;
      }
      const page = await pageOf(
        services.db,
        'refunds',
        scope,
        listQuery(q),
        (query) => {
          const next = query.where('dialect', '=', 'stripe');
          return paymentId === undefined ? next : next.where('payment_id', '=', paymentId);
        },
        (c) => bareId(PREFIX.refund, c),
        'refund',
      );
      const rows = page.data.map((r) => asRefund(r));
      const details = await refundDetails(
        services.db,
        rows.map((r) => r.id),
      );
      return sendJson(reply, {
        object: 'list',
        data: await Promise.all(
          rows.map((r) => refundView(services.db, scope, r, details.get(r.id) ?? {}, paths)),
        ),
        has_more: page.has_more,
        url: listUrl(request),
      });
    },
  );
}
