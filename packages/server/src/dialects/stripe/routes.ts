import type { FastifyInstance } from 'fastify';
import type { Scope, Services } from '../../domain/context.js';
import type { KeyRing } from '../../domain/keys.js';
import { authenticate } from '../../http/auth.js';
import { dialectRoutes } from '../../http/dialect-routes.js';
import { errorHandler } from '../../http/error-handler.js';
import { coerceByRouteSchema } from '../../http/form.js';
import { dialectPath } from '../../http/request-fingerprint.js';
import { refuseUnstorable } from '../../http/text.js';
import { typed } from '../../http/typed-app.js';
import { sendJson } from '../../http/write.js';
import { renderStripeError } from './errors.js';
import { queryOf } from './query.js';
import type { StripeRoutes } from './route-context.js';
import { registerChargeRoutes } from './routes/charges.js';
import { registerConnectRoutes } from './routes/connect.js';
import { registerCustomerRoutes } from './routes/customers.js';
import { registerPaymentIntentRoutes } from './routes/payment-intents.js';
import { registerRefundRoutes } from './routes/refunds.js';
import { registerWebhookEndpointRoutes } from './routes/webhook-endpoints.js';

declare module 'fastify' {
  interface FastifyRequest {
    stripeScope: Scope | null;
  }
}

/**
 * The Stripe-compatible dialect; paths start at `/v1` (mounted at `/stripe` and on its own port).
 * Authentication, Stripe's query strings and error shape here; each resource's routes in `routes/`.
 */
export function stripeRoutes(services: Services, keys: KeyRing) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.decorateRequest('stripeScope', null);
    app.setErrorHandler(errorHandler(renderStripeError));
    app.setNotFoundHandler((request, reply) =>
      sendJson(
        reply,
        {
          error: {
            code: 'route_missing',
            message: `Unrecognized request URL (${request.method}: ${request.url}).`,
            type: 'invalid_request_error',
          },
        },
        404,
      ),
    );
    app.addHook('onRequest', async (request) => {
      request.stripeScope = authenticate(request, keys, 'stripe');
    });
    app.addHook('preValidation', async (request) => {
      // Stripe's query strings use brackets (`expand[]=charge`): validated as qs reads them.
      request.query = queryOf(request);
      refuseUnstorable(request);
      coerceByRouteSchema(request);
    });

    const routes: StripeRoutes = {
      ...dialectRoutes(
        services,
        { mount: app.prefix, renderError: renderStripeError },
        (request) => request.stripeScope as Scope,
      ),
      listUrl: (request) => dialectPath(request.url.split('?')[0]!, app.prefix),
    };

    const api = typed(app);
    registerPaymentIntentRoutes(api, routes);
    registerChargeRoutes(api, routes);
    registerConnectRoutes(api, routes);
    registerRefundRoutes(api, routes);
    registerCustomerRoutes(api, routes);
    registerWebhookEndpointRoutes(api, routes);
  };
}
