import { randomBytes } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { renderCheckoutError } from './dialects/checkout/errors.js';
import { checkoutRoutes } from './dialects/checkout/routes.js';
import { renderError } from './dialects/convergegate/errors.js';
import { hostedPayPage, payPageError } from './dialects/convergegate/hosted.js';
import { convergeGateRoutes } from './dialects/convergegate/routes.js';
import { errorObject, refundObject, sessionObject } from './dialects/convergegate/schemas.js';
import { renderStripeError } from './dialects/stripe/errors.js';
import { stripeRoutes } from './dialects/stripe/routes.js';
import type { Services } from './domain/context.js';
import type { KeyRing } from './domain/keys.js';
import { clientErrorHandler } from './http/client-errors.js';
import { errorHandler } from './http/error-handler.js';
import { registerFormParser } from './http/form.js';
import { BODY_LIMIT_BYTES } from './http/limits.js';
import {
  type ErrorReply,
  jsonErrorReply,
  MAX_PARAM_LENGTH,
  routerErrorHandler,
} from './http/router-errors.js';
import { sendJson } from './http/write.js';
import { type Readiness, readyzReply } from './telemetry/health.js';
import { type HttpTelemetry, instrumentHttp } from './telemetry/http.js';

const within = (url: string, prefix: string) =>
  url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`);

/** How the part of the main port a URL belongs to answers errors the router raises before any route. */
function errorReplyFor(url: string): ErrorReply {
  if (within(url, '/stripe')) return jsonErrorReply(renderStripeError);
  if (within(url, '/checkout')) return jsonErrorReply(renderCheckoutError);
  if (within(url, '/pay')) return payPageError;
  return jsonErrorReply(renderError);
}

export interface AppOptions {
  logger: boolean;
  version: string;
  /** Metrics and spans for every request. */
  telemetry: Omit<HttpTelemetry, 'dialectOf'>;
  /** Whether the database is reachable and migrated, and the server not draining. */
  readiness: () => Promise<Readiness>;
}

/** The dialect a path of the main port belongs to (a label for metrics and spans). */
export function mainDialectOf(path: string): string {
  if (within(path, '/stripe')) return 'stripe';
  if (within(path, '/checkout')) return 'checkout';
  if (within(path, '/v1') || within(path, '/pay')) return 'convergegate';
  return 'none';
}

export async function buildApp(
  services: Services,
  keys: KeyRing,
  baseUrl: () => string,
  options: AppOptions,
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ? { level: process.env['RK_LOG_LEVEL'] ?? 'info' } : false,
    genReqId: () => `req_${randomBytes(9).toString('base64url')}`,
    // Bodies are validated strictly: no silent coercion of JSON types, unknown parameters are errors.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
    return503OnClosing: true,
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: routerErrorHandler((request) => errorReplyFor(request.url)),
    // Before a request exists there is no URL to tell the dialect: ConvergeGate's shape, the root's.
    clientErrorHandler: clientErrorHandler(renderError),
  });
  instrumentHttp(app, { ...options.telemetry, dialectOf: mainDialectOf });
  registerFormParser(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('request-id', request.id);
  });
  app.addSchema(sessionObject);
  app.addSchema(refundObject);
  app.addSchema(errorObject);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Refundkit server — ConvergeGate, Stripe-compatible and Checkout dialects',
        version: options.version,
        description:
          'A stateful refund API server speaking three dialects on one storage and one set of refund rules. ' +
          'ConvergeGate at `/v1` (checkout sessions paid with BLIK, refunds; errors ' +
          '`{ error: { type, message, param, code } }`); Stripe-compatible at `/stripe/v1` (also at the root ' +
          'of `--stripe-port`; errors `{ error: { type, code, message, param } }`); Checkout at `/checkout/api` ' +
          '(also at the root of `--checkout-port`; errors `{ status, code, message, param }`, 403 for keys). ' +
          'Bodies: form (`metadata[key]=value`) or JSON. Every POST takes an optional `Idempotency-Key`.',
      },
      tags: [
        { name: 'Checkout sessions', description: 'ConvergeGate: sessions paid with a BLIK code.' },
        { name: 'Refunds', description: 'ConvergeGate: refunds of completed sessions, partial or full.' },
        {
          name: 'Stripe-compatible',
          description:
            'Payment intents, charges, refunds, customers and webhook endpoints, as the official stripe client uses them.',
        },
        {
          name: 'Checkout',
          description: 'Checkouts and their full refunds, answered 202; results by webhook.',
        },
      ],
      components: {
        securitySchemes: {
          basicAuth: {
            type: 'http',
            scheme: 'basic',
            description: 'Secret key as the user name, empty password.',
          },
          bearerAuth: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  // Liveness: the process answers. It asks nothing of the database, so a database outage does not
  // get a healthy process restarted; /readyz is the one that takes it out of rotation.
  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) =>
    sendJson(reply, { status: 'ok' }),
  );
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const { statusCode, body } = readyzReply(await options.readiness());
    return sendJson(reply, body, statusCode);
  });
  app.get('/openapi.json', { schema: { hide: true } }, async (_request, reply) =>
    sendJson(reply, app.swagger()),
  );

  await app.register(convergeGateRoutes(services, keys, baseUrl));
  await app.register(hostedPayPage(services));
  await app.register(stripeRoutes(services, keys), { prefix: '/stripe' });
  await app.register(checkoutRoutes(services, keys), { prefix: '/checkout' });

  app.setNotFoundHandler((request, reply) =>
    sendJson(
      reply,
      {
        error: {
          type: 'invalid_request_error',
          message: `Unrecognized request URL (${request.method}: ${request.url}).`,
          code: 'route_missing',
        },
      },
      404,
    ),
  );
  app.setErrorHandler(errorHandler(renderError));
  return app;
}
