import type { FastifyRequest } from 'fastify';
import type { DialectRoutes } from '../../http/dialect-routes.js';

/** What every Stripe resource's routes get from the plugin that mounts them. */
export interface StripeRoutes extends DialectRoutes {
  /** A list's `url`: its path as Stripe shows it, from `/v1`, whichever mount it came through. */
  listUrl(request: FastifyRequest): string;
}
