import type { FastifyInstance } from 'fastify';
import type { Services } from '../../domain/context.js';
import type { KeyRing } from '../../domain/keys.js';
import { buildDialectApp } from '../../http/dialect-app.js';
import { renderStripeError } from './errors.js';
import { stripeRoutes } from './routes.js';

/** The Stripe-compatible dialect at the root of its own port (`--stripe-port`): paths from `/v1`. */
export function stripeStandaloneApp(
  services: Services,
  keys: KeyRing,
  logger: boolean,
): Promise<FastifyInstance> {
  return buildDialectApp(stripeRoutes(services, keys), logger, renderStripeError);
}
