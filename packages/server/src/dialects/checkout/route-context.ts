import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Scope, Services } from '../../domain/context.js';
import type { runWrite } from '../../http/write.js';

/** What every Checkout resource's routes get from the plugin that mounts them. */
export interface CheckoutRoutes {
  services: Services;
  scopeOf(request: FastifyRequest): Scope;
  /** A POST through the idempotency store, in Checkout's error shape, waking the deliveries after. */
  write(
    request: FastifyRequest,
    reply: FastifyReply,
    work: Parameters<typeof runWrite>[4],
  ): Promise<FastifyReply>;
}
