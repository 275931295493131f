import { reasonFromDialect } from '@refundkit/core';
import type { ContextConfigDefault, FastifyReply } from 'fastify';
import { asRefund } from '../../../domain/context.js';
import { notFound } from '../../../domain/errors.js';
import { findPayment } from '../../../domain/payments.js';
import { createRefund } from '../../../domain/refunds.js';
import type { DialectRoutes } from '../../../http/dialect-routes.js';
import type { TypedApp } from '../../../http/typed-app.js';
import { sendJson } from '../../../http/write.js';
import { CHECKOUT, inward, outward, REFUND, renderCheckoutRefund } from '../objects.js';
import { idempotencyHeader, idParams, metadata, noQuery, security, tags } from '../route-schemas.js';

const refundBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    amount: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
    reason: { type: 'string', enum: ['requested_by_customer', 'duplicate', 'fraudulent', 'other'] },
    reason_text: { type: 'string', maxLength: 500 },
    reference: {
      type: 'string',
      maxLength: 255,
      description: 'Your reference for the refund, to reconcile it with your systems.',
    },
    metadata,
  },
} as const;

const accepted = {
  202: {
    description: 'Accepted for processing; the result arrives by webhook (refund.succeeded / refund.failed).',
    type: 'object',
    properties: {
      id: { type: 'string' },
      refundId: { type: 'string' },
      message: { type: 'string' },
      status: { type: 'string', enum: ['successful'] },
    },
  },
} as const;

const refundRoute = {
  tags,
  summary: 'Refund a checkout (full refunds only)',
  description:
    'Answers 202 with `status: "successful"`, meaning accepted; the result arrives by webhook. ' +
    'A partial amount is refused (400 partial_not_supported). Idempotency-Key: 409 while the same key ' +
    'is in flight, 422 when it comes with a different payload. 403 without a valid key.',
  security,
  headers: idempotencyHeader,
  params: idParams,
  body: refundBody,
  response: accepted,
} as const;

/** Refunds: a checkout's full refund (202, accepted), a refund's final status, a checkout's refunds. */
export function registerRefundRoutes(app: TypedApp, routes: DialectRoutes): void {
  const { services, scopeOf, write } = routes;

  // `write` answers with the reply it sent (JSON text, so the 202 schema documents the body rather than
  // serializing it): the handler's result is that reply, not the schema's object. Naming the reply type
  // stops inference, so the schema's type is named too; the request's types still come from it.
  app.post<{ Reply: FastifyReply }, ContextConfigDefault, typeof refundRoute>(
    '/api/checkouts/:id/refund',
    { schema: refundRoute },
    (request, reply) => {
      const b = request.body;
      const reason = b.reason === undefined ? null : reasonFromDialect(b.reason, 'checkout');
      return write(request, reply, async (trx) => {
        const scope = scopeOf(request);
        const id = inward(CHECKOUT, request.params.id);
        const payment = await findPayment(trx, scope, id);
        if (!payment) throw notFound('checkout', request.params.id);
        const outcome = (payment.data as { refund_outcome?: string }).refund_outcome;
        const row = await createRefund(services, trx, scope, {
          paymentId: id,
          paymentParam: 'id',
          outcomeParam: 'metadata.sandbox_outcome',
          amount: b.amount,
          reason,
          reasonText: b.reason_text ?? null,
          reference: b.reference ?? null,
          metadata: outcome === 'failed' ? { ...b.metadata, sandbox_outcome: 'failed' } : b.metadata,
        });
        return {
          statusCode: 202,
          body: {
            id: outward(CHECKOUT, row.payment_id),
            refundId: outward(REFUND, row.id),
            message: 'Your refund has been processed',
            status: 'successful',
          },
        };
      });
    },
  );

  app.get(
    '/api/refunds/:id',
    {
      schema: {
        tags,
        summary: 'Retrieve a refund (its final status)',
        security,
        params: idParams,
        querystring: noQuery,
      },
    },
    async (request, reply) => {
      const scope = scopeOf(request);
      const row = await services.db
        .selectFrom('refunds')
        .selectAll()
        .where('id', '=', inward(REFUND, request.params.id))
        .where('account_id', '=', scope.accountId)
        .where('livemode', '=', scope.livemode)
        .where('dialect', '=', 'checkout')
        .executeTakeFirst();
      if (!row) throw notFound('refund', request.params.id);
      return sendJson(reply, renderCheckoutRefund(asRefund(row)));
    },
  );

  app.get(
    '/api/checkouts/:id/refunds',
    {
      schema: {
        tags,
        summary: 'List a checkout\u2019s refunds (newest first)',
        security,
        params: idParams,
        querystring: noQuery,
      },
    },
    async (request, reply) => {
      const scope = scopeOf(request);
      const id = inward(CHECKOUT, request.params.id);
      if (!(await findPayment(services.db, scope, id))) throw notFound('checkout', request.params.id);
      const rows = await services.db
        .selectFrom('refunds')
        .selectAll()
        .where('payment_id', '=', id)
        .where('dialect', '=', 'checkout')
        .orderBy('seq', 'desc')
        .execute();
      return sendJson(reply, { items: rows.map((r) => renderCheckoutRefund(asRefund(r))) });
    },
  );
}
