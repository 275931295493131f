import type { FastifyInstance } from 'fastify';
import type { Scope, Services } from '../../domain/context.js';
import { DomainError } from '../../domain/errors.js';
import type { KeyRing } from '../../domain/keys.js';
import { authenticate } from '../../http/auth.js';
import { dialectRoutes } from '../../http/dialect-routes.js';
import { errorHandler } from '../../http/error-handler.js';
import { coerceByRouteSchema } from '../../http/form.js';
import { refuseUnstorable } from '../../http/text.js';
import { typed } from '../../http/typed-app.js';
import { sendJson } from '../../http/write.js';
import { renderCheckoutError } from './errors.js';
import { registerCheckoutRoutes } from './routes/checkouts.js';
import { registerRefundRoutes } from './routes/refunds.js';
import { registerWebhookRoutes } from './routes/webhooks.js';

declare module 'fastify' {
  interface FastifyRequest {
    checkoutScope: Scope | null;
  }
}

/**
 * The Checkout dialect; paths start at `/api` (mounted at `/checkout` and on its own port).
 * Authentication (403, as seed 003 says) and the error shape here; each resource's routes in `routes/`.
 */
export function checkoutRoutes(services: Services, keys: KeyRing) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.decorateRequest('checkoutScope', null);
    app.setErrorHandler(errorHandler(renderCheckoutError));
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

    const routes = dialectRoutes(
      services,
      { mount: app.prefix, renderError: renderCheckoutError },
      (request) => request.checkoutScope as Scope,
    );

    const api = typed(app);
    registerCheckoutRoutes(api, routes);
    registerRefundRoutes(api, routes);
    registerWebhookRoutes(api, routes);
  };
}
