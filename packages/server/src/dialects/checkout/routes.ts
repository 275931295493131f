import { normalizeCurrency, reasonFromDialect, validateMetadata } from '@refundkit/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { asRefund, type Scope, type Services } from '../../domain/context.js';
import { DomainError, notFound } from '../../domain/errors.js';
import type { KeyRing } from '../../domain/keys.js';
import { confirmPayment, createPayment, findPayment } from '../../domain/payments.js';
import { createRefund } from '../../domain/refunds.js';
import { authenticate } from '../../http/auth.js';
import { coerceByRouteSchema } from '../../http/form.js';
import { refuseUnstorable } from '../../http/text.js';
import { runWrite, sendJson } from '../../http/write.js';
import { newEndpointSecret } from '../stripe/endpoint-deliveries.js';
import { pageOf } from '../stripe/pages.js';
import { newEndpointId } from '../stripe/store.js';
import { renderCheckoutError } from './errors.js';
import { CHECKOUT, inward, outward, REFUND, renderCheckout, renderCheckoutRefund } from './objects.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const tags = ['Checkout'];
const security: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }];
const metadata = { type: 'object', additionalProperties: { type: 'string' } };
const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] };
/** Reads take no query parameters: an unknown one is an error, as in a body. */
const noQuery = { type: 'object', additionalProperties: false, properties: {} };
const idempotencyHeader = {
  type: 'object',
  properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 255 } },
};

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
};

const payBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    outcome: { type: 'string', enum: ['paid', 'declined'] },
    refund_outcome: { type: 'string', enum: ['succeeded', 'failed'] },
  },
};

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
};

const webhookBody = {
  type: 'object',
  additionalProperties: false,
  required: ['url'],
  properties: {
    url: { type: 'string', minLength: 1, maxLength: 2048 },
    events: {
      type: 'array',
      minItems: 1,
      maxItems: 256,
      items: { type: 'string', pattern: '^(\\*|[a-z_]+(\\.[a-z_]+)+)$' },
    },
  },
};

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
};

declare module 'fastify' {
  interface FastifyRequest {
    checkoutScope: Scope | null;
  }
}

/** The Checkout dialect; paths start at `/api` (mounted at `/checkout` and on its own port). */
export function checkoutRoutes(services: Services, keys: KeyRing, wake: () => void) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.decorateRequest('checkoutScope', null);
    app.setErrorHandler((error, request, reply) => {
      const rendered = renderCheckoutError(error);
      if (rendered.statusCode >= 500) request.log.error({ err: error }, 'request failed');
      return sendJson(reply, rendered.body, rendered.statusCode);
    });
    app.setNotFoundHandler((request, reply) =>
      sendJson(
        reply,
        { status: 404, code: 'route_missing', message: `No route ${request.method} ${request.url}.` },
        404,
      ),
    );
    app.addHook('onRequest', async (request) => {
      try {
        request.checkoutScope = authenticate(request, keys, 'checkout');
      } catch {
        throw new DomainError(
          'authentication',
          'api_key_invalid',
          'A key is required, but has not been specified, or it is incorrect. Send Authorization: Bearer <secret key>.',
        );
      }
    });
    app.addHook('preValidation', async (request) => {
      refuseUnstorable(request, (path) => path.join('.'));
      coerceByRouteSchema(request);
    });

    const scopeOf = (request: FastifyRequest): Scope => request.checkoutScope as Scope;
    const write = (request: FastifyRequest, reply: FastifyReply, work: Parameters<typeof runWrite>[4]) =>
      runWrite(
        services,
        request,
        reply,
        { scope: scopeOf(request), mount: app.prefix, renderError: renderCheckoutError },
        work,
      ).finally(wake);

    app.post<{
      Body: {
        amount: number;
        currency: string;
        reference?: string;
        description?: string;
        metadata?: Record<string, string>;
      };
    }>(
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
          const row = await createPayment(services, trx, scopeOf(request), {
            amount: b.amount,
            currency,
            expiresAt: services.now() + DAY_MS,
            notificationUrl: null,
            metadata: checked.value as Record<string, string>,
            data: { reference: b.reference ?? null, description: b.description ?? null },
          });
          return { statusCode: 201, body: renderCheckout(row), wakes: ['deliveries'] };
        });
      },
    );

    app.post<{
      Params: { id: string };
      Body: { outcome?: 'paid' | 'declined'; refund_outcome?: 'succeeded' | 'failed' };
    }>(
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
          return { statusCode: 200, body: renderCheckout(current), wakes: ['deliveries'] };
        });
      },
    );

    app.get<{ Params: { id: string } }>(
      '/api/checkouts/:id',
      { schema: { tags, summary: 'Retrieve a checkout', security, params: idParams, querystring: noQuery } },
      async (request, reply) => {
        const row = await findPayment(services.db, scopeOf(request), inward(CHECKOUT, request.params.id));
        if (!row) throw notFound('checkout', request.params.id);
        return sendJson(reply, renderCheckout(row));
      },
    );

    app.post<{
      Params: { id: string };
      Body: {
        amount?: number;
        reason?: string;
        reason_text?: string;
        reference?: string;
        metadata?: Record<string, string>;
      };
    }>(
      '/api/checkouts/:id/refund',
      {
        schema: {
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
        },
      },
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
            wakes: ['jobs', 'deliveries'],
          };
        });
      },
    );

    app.get<{ Params: { id: string } }>(
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

    app.get<{ Params: { id: string } }>(
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

    const renderHook = (
      row: { id: string; url: string; enabled_events: unknown; created_at: number },
      secret?: string,
    ) => ({
      id: row.id,
      url: row.url,
      events: row.enabled_events,
      createdAt: new Date(row.created_at).toISOString(),
      ...(secret ? { secret } : {}),
    });

    app.post<{ Body: { url: string; events?: string[] } }>(
      '/api/webhooks',
      {
        schema: {
          tags,
          summary: 'Register a webhook endpoint (the answer carries its signing secret)',
          security,
          body: webhookBody,
        },
      },
      (request, reply) => {
        if (!/^https?:\/\//.test(request.body.url)) {
          throw new DomainError('invalid_request', 'url_invalid', 'url must be an http(s) URL.', 'url');
        }
        return write(request, reply, async (trx) => {
          const scope = scopeOf(request);
          const secret = newEndpointSecret();
          const row = await trx
            .insertInto('webhook_endpoints')
            .values({
              id: newEndpointId().replace(/^we_/, 'wh_'),
              account_id: scope.accountId,
              livemode: scope.livemode,
              dialect: 'checkout',
              url: request.body.url,
              secret,
              enabled_events: JSON.stringify(request.body.events ?? ['*']),
              metadata: '{}',
              created_at: services.now(),
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          return { statusCode: 201, body: renderHook(row, secret) };
        });
      },
    );

    app.get(
      '/api/webhooks',
      { schema: { tags, summary: 'List webhook endpoints', security, querystring: noQuery } },
      async (request, reply) => {
        const page = await pageOf<{
          seq: number;
          id: string;
          url: string;
          enabled_events: unknown;
          created_at: number;
        }>(
          services.db,
          'webhook_endpoints',
          scopeOf(request),
          { limit: 100 },
          (q) => q.where('dialect', '=', 'checkout'),
          (c) => c,
          'webhook',
        );
        return sendJson(reply, { items: page.data.map((r) => renderHook(r)) });
      },
    );

    app.delete<{ Params: { id: string } }>(
      '/api/webhooks/:id',
      {
        schema: {
          tags,
          summary: 'Delete a webhook endpoint',
          security,
          params: idParams,
          querystring: noQuery,
        },
      },
      async (request, reply) => {
        const scope = scopeOf(request);
        const gone = await services.db
          .deleteFrom('webhook_endpoints')
          .where('id', '=', request.params.id)
          .where('account_id', '=', scope.accountId)
          .where('livemode', '=', scope.livemode)
          .where('dialect', '=', 'checkout')
          .returning('id')
          .executeTakeFirst();
        if (!gone) throw notFound('webhook', request.params.id);
        return reply.code(204).send();
      },
    );
  };
}
