import { normalizeCurrency, validateMetadata } from '@refundkit/core';
import { DomainError, notFound } from '../../../domain/errors.js';
import { confirmPayment, createPayment, findPayment } from '../../../domain/payments.js';
import type { DialectRoutes } from '../../../http/dialect-routes.js';
import type { TypedApp } from '../../../http/typed-app.js';
import { sendJson } from '../../../http/write.js';
import { CHECKOUT, inward, renderCheckout } from '../objects.js';
import { idempotencyHeader, idParams, metadata, noQuery, security, tags } from '../route-schemas.js';

const DAY_MS = 24 * 60 * 60 * 1000;

const createCheckoutBody = {
  type: 'object',
  additionalProperties: false,
  required: ['amount', 'currency'],
  properties: {
    amount: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
    currency: { type: 'string', minLength: 3, maxLength: 3 },
    reference: { type: 'string', maxLength: 255 },
    description: { type: 'string', maxLength: 1000 },
    metadata,
  },
} as const;

const payBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    outcome: { type: 'string', enum: ['paid', 'declined'] },
    refund_outcome: { type: 'string', enum: ['succeeded', 'failed'] },
  },
} as const;

/** Checkouts: create, the sandbox's payment as a customer would make it, retrieve. */
export function registerCheckoutRoutes(app: TypedApp, routes: DialectRoutes): void {
  const { services, scopeOf, write } = routes;

  app.post(
    '/api/checkouts',
    {
      schema: {
        tags,
        summary: 'Create a checkout',
        security,
        headers: idempotencyHeader,
        body: createCheckoutBody,
      },
    },
    (request, reply) => {
      const b = request.body;
      const currency = normalizeCurrency(b.currency);
      const checked = validateMetadata(b.metadata);
      if (!checked.ok) throw checked.error;
      return write(request, reply, async (trx) => {
        const now = services.now();
        const row = await createPayment(
          services,
          trx,
          scopeOf(request),
          {
            amount: b.amount,
            currency,
            expiresAt: now + DAY_MS,
            notificationUrl: null,
            metadata: checked.value as Record<string, string>,
            data: { reference: b.reference ?? null, description: b.description ?? null },
          },
          now,
        );
        return { statusCode: 201, body: renderCheckout(row) };
      });
    },
  );

  app.post(
    '/api/checkouts/:id/sandbox/pay',
    {
      schema: {
        tags,
        summary: 'Sandbox: complete a checkout as a paying customer would',
        description:
          'Test and live keys alike (seed 003 refunds only live checkouts, and this server\u2019s live mode is ' +
          'a simulation too). `outcome: "declined"` refuses the payment (402, checkout stays pending); ' +
          '`refund_outcome: "failed"` makes this checkout\u2019s refunds end in refund.failed.',
        security,
        params: idParams,
        body: payBody,
      },
    },
    (request, reply) => {
      const scope = scopeOf(request);
      if (request.body.outcome === 'declined') {
        throw new DomainError('declined', 'payment_declined', 'The card was declined.');
      }
      return write(request, reply, async (trx) => {
        const id = inward(CHECKOUT, request.params.id);
        const found = await findPayment(trx, scope, id, true);
        if (!found) throw notFound('checkout', request.params.id);
        const row = await confirmPayment(services, trx, scope, id, 'complete');
        let current = row;
        if (request.body.refund_outcome) {
          const data = { ...row.data, refund_outcome: request.body.refund_outcome };
          current = { ...row, data };
          await trx
            .updateTable('payments')
            .set({ data: JSON.stringify(data) })
            .where('id', '=', id)
            .execute();
        }
        return { statusCode: 200, body: renderCheckout(current) };
      });
    },
  );

  app.get(
    '/api/checkouts/:id',
    { schema: { tags, summary: 'Retrieve a checkout', security, params: idParams, querystring: noQuery } },
    async (request, reply) => {
      const row = await findPayment(services.db, scopeOf(request), inward(CHECKOUT, request.params.id));
      if (!row) throw notFound('checkout', request.params.id);
      return sendJson(reply, renderCheckout(row));
    },
  );
}
