import { normalizeCurrency, reasonFromDialect, validateMetadata } from '@refundkit/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Scope, Services } from '../../domain/context.js';
import { DomainError } from '../../domain/errors.js';
import type { KeyRing } from '../../domain/keys.js';
import { confirmPayment, createPayment, getPayment, listPayments } from '../../domain/payments.js';
import { createRefund, getRefund, listRefunds } from '../../domain/refunds.js';
import { authenticate } from '../../http/auth.js';
import { dialectRoutes } from '../../http/dialect-routes.js';
import { registerDrain } from '../../http/drain.js';
import { errorHandler } from '../../http/error-handler.js';
import { coerceByRouteSchema } from '../../http/form.js';
import { refuseUnstorable } from '../../http/text.js';
import { typed } from '../../http/typed-app.js';
import { sendJson } from '../../http/write.js';
import { blikOutcome } from './blik.js';
import { renderError } from './errors.js';
import { renderRefund, renderSession } from './objects.js';
import {
  createRefundBody,
  createSessionBody,
  idempotencyHeader,
  idParams,
  listRefundsQuery,
  listSessionsQuery,
  noQuery,
  payBody,
  payQuery,
  responses,
} from './schemas.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_EXPIRY_MS = 30 * DAY_MS;

declare module 'fastify' {
  interface FastifyRequest {
    scope: Scope | null;
  }
}

const tags = { sessions: ['Checkout sessions'], refunds: ['Refunds'] };
const security: { [scheme: string]: string[] }[] = [{ basicAuth: [] }, { bearerAuth: [] }];

/** The ConvergeGate dialect at `/`: checkout sessions (BLIK) and refunds. */
export function convergeGateRoutes(services: Services, keys: KeyRing, baseUrl: () => string) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.decorateRequest('scope', null);
    registerDrain(app);
    app.setErrorHandler(errorHandler(renderError));
    app.addHook('onRequest', async (request) => {
      request.scope = authenticate(request, keys, 'convergegate');
    });
    app.addHook('preValidation', async (request) => {
      refuseUnstorable(request);
      coerceByRouteSchema(request);
    });

    const { scopeOf, write } = dialectRoutes(
      services,
      { mount: app.prefix, renderError },
      (request) => request.scope as Scope,
    );
    const api = typed(app);

    api.post(
      '/v1/checkout/sessions',
      {
        schema: {
          tags: tags.sessions,
          summary: 'Create a checkout session',
          security,
          headers: idempotencyHeader,
          body: createSessionBody,
          response: responses.sessionWrite,
        },
      },
      (request, reply) => {
        const b = request.body;
        const currency = normalizeCurrency(b.currency);
        const now = services.now();
        const expiresAt = b.expires_at === undefined ? now + DAY_MS : b.expires_at * 1000;
        if (expiresAt <= now || expiresAt > now + MAX_EXPIRY_MS) {
          throw new DomainError(
            'invalid_request',
            'parameter_invalid',
            'expires_at must be in the future and at most 30 days away.',
            'expires_at',
          );
        }
        return write(request, reply, async (trx) => {
          const row = await createPayment(
            services,
            trx,
            scopeOf(request),
            {
              amount: b.amount,
              currency,
              expiresAt,
              notificationUrl: b.notification_url ?? null,
              metadata: validMetadata(b.metadata),
              data: {
                customer_email: b.customer_email,
                customer_firstname: b.customer_firstname,
                customer_lastname: b.customer_lastname,
                success_url: b.success_url,
                cancel_url: b.cancel_url ?? '',
                customer_ip: b.customer_ip ?? '',
                customer_country: b.customer_country ?? '',
                payment_method_types: [...new Set(b.payment_method ?? ['blik'])],
                locale: b.locale ?? '',
              },
            },
            now,
          );
          return { statusCode: 200, body: renderSession(row, baseUrl()) };
        });
      },
    );

    api.get(
      '/v1/checkout/sessions/:id',
      {
        schema: {
          tags: tags.sessions,
          summary: 'Retrieve a checkout session',
          security,
          params: idParams,
          querystring: noQuery,
          response: responses.session,
        },
      },
      async (request, reply) => {
        const row = await getPayment(services, scopeOf(request), request.params.id);
        return sendJson(reply, renderSession(row, baseUrl()));
      },
    );

    api.get(
      '/v1/checkout/sessions',
      {
        schema: {
          tags: tags.sessions,
          summary: 'List checkout sessions (newest first)',
          security,
          querystring: listSessionsQuery,
          response: responses.sessions,
        },
      },
      async (request, reply) => {
        const page = await listPayments(services, scopeOf(request), {
          limit: request.query.limit,
          startingAfter: request.query.starting_after,
        });
        return sendJson(reply, {
          object: 'list',
          data: page.data.map((row) => renderSession(row, baseUrl())),
          has_more: page.has_more,
        });
      },
    );

    const pay = (request: FastifyRequest, reply: FastifyReply, id: string, code: string) =>
      write(request, reply, async (trx) => {
        const row = await confirmPayment(services, trx, scopeOf(request), id, blikOutcome(code));
        return { statusCode: 200, body: renderSession(row, baseUrl()) };
      });

    api.post(
      '/v1/checkout/sessions/:id/pay',
      {
        schema: {
          tags: tags.sessions,
          summary: 'Pay a checkout session with a BLIK code',
          security,
          headers: idempotencyHeader,
          params: idParams,
          body: payBody,
          response: responses.sessionWrite,
        },
      },
      (request, reply) => pay(request, reply, request.params.id, request.body.blik_code),
    );

    api.get(
      '/v1/checkout/sessions/:id/pay',
      {
        schema: {
          tags: tags.sessions,
          summary: 'Pay a checkout session (GET, as the reference labels it)',
          description: 'Tolerated for clients that follow the reference literally; prefer POST.',
          security,
          params: idParams,
          querystring: payQuery,
          response: responses.sessionWrite,
        },
      },
      (request, reply) => {
        const code = request.query.blik_code;
        if (code === undefined) {
          throw new DomainError(
            'invalid_request',
            'parameter_missing',
            'Missing required param: blik_code.',
            'blik_code',
          );
        }
        return pay(request, reply, request.params.id, code);
      },
    );

    api.post(
      '/v1/refunds',
      {
        schema: {
          tags: tags.refunds,
          summary: 'Refund a checkout session, fully or partially',
          security,
          headers: idempotencyHeader,
          body: createRefundBody,
          response: responses.refundWrite,
        },
      },
      (request, reply) => {
        const b = request.body;
        const reason = b.reason === undefined ? null : reasonFromDialect(b.reason, 'convergegate');
        return write(request, reply, async (trx) => {
          const row = await createRefund(services, trx, scopeOf(request), {
            paymentId: b.session_id,
            paymentParam: 'session_id',
            amount: b.amount,
            reason,
            metadata: b.metadata,
          });
          return { statusCode: 200, body: renderRefund(row) };
        });
      },
    );

    api.get(
      '/v1/refunds/:id',
      {
        schema: {
          tags: tags.refunds,
          summary: 'Retrieve a refund',
          security,
          params: idParams,
          querystring: noQuery,
          response: responses.refund,
        },
      },
      async (request, reply) =>
        sendJson(reply, renderRefund(await getRefund(services, scopeOf(request), request.params.id))),
    );

    api.get(
      '/v1/refunds',
      {
        schema: {
          tags: tags.refunds,
          summary: 'List refunds, optionally of one session (newest first)',
          security,
          querystring: listRefundsQuery,
          response: responses.refunds,
        },
      },
      async (request, reply) => {
        const page = await listRefunds(services, scopeOf(request), {
          limit: request.query.limit,
          startingAfter: request.query.starting_after,
          paymentId: request.query.session_id,
          paymentParam: 'session_id',
        });
        return sendJson(reply, {
          object: 'list',
          data: page.data.map(renderRefund),
          has_more: page.has_more,
        });
      },
    );
  };
}

/** Session metadata follows the same limits as refund metadata (core's rule). */
function validMetadata(input: Record<string, string> | undefined): Record<string, string> {
  const checked = validateMetadata(input);
  if (!checked.ok) throw checked.error;
  return checked.value as Record<string, string>;
}
