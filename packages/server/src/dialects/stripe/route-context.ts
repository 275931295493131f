import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Scope, Services } from '../../domain/context.js';
import type { runWrite } from '../../http/write.js';

/** What every Stripe resource's routes get from the plugin that mounts them. */
export interface StripeRoutes {
  services: Services;
  scopeOf(request: FastifyRequest): Scope;
  /** A POST through the idempotency store, in Stripe's error shape, waking the deliveries after. */
  write(
    request: FastifyRequest,
    reply: FastifyReply,
    work: Parameters<typeof runWrite>[4],
  ): Promise<FastifyReply>;
  /** A list's `url`: its path as Stripe shows it, from `/v1`, whichever mount it came through. */
  listUrl(request: FastifyRequest): string;
}
