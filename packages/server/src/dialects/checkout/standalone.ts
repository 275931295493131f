import type { FastifyInstance } from 'fastify';
import type { Services } from '../../domain/context.js';
import type { KeyRing } from '../../domain/keys.js';
import { buildDialectApp } from '../../http/dialect-app.js';
import type { HttpTelemetry } from '../../telemetry/http.js';
import { renderCheckoutError } from './errors.js';
import { checkoutRoutes } from './routes.js';

/** The Checkout dialect at the root of its own port (`--checkout-port`): paths from `/api`. */
export function checkoutStandaloneApp(
  services: Services,
  keys: KeyRing,
  logger: boolean,
  telemetry?: HttpTelemetry,
): Promise<FastifyInstance> {
  return buildDialectApp(checkoutRoutes(services, keys), logger, renderCheckoutError, telemetry);
}
