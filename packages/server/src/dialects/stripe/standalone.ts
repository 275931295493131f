import type { FastifyInstance } from 'fastify';
import type { Services } from '../../domain/context.js';
import type { KeyRing } from '../../domain/keys.js';
import { buildDialectApp } from '../../http/dialect-app.js';
import type { HttpTelemetry } from '../../telemetry/http.js';
import { renderStripeError } from './errors.js';
import { stripeRoutes } from './routes.js';

/** The Stripe-compatible dialect at the root of its own port (`--stripe-port`): paths from `/v1`. */
export function stripeStandaloneApp(
  services: Services,
  keys: KeyRing,
  logger: boolean,
  telemetry?: HttpTelemetry,
): Promise<FastifyInstance> {
  return buildDialectApp(stripeRoutes(services, keys), logger, renderStripeError, telemetry);
}
