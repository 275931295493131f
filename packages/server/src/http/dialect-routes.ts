import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Scope, Services } from '../domain/context.js';
import { runWrite, type WriteContext } from './write.js';

/** What every resource's routes get from the dialect plugin that mounts them. */
export interface DialectRoutes {
  services: Services;
  scopeOf(request: FastifyRequest): Scope;
  /** A POST through the idempotency store, answered in the dialect's error shape. */
  write(
    request: FastifyRequest,
    reply: FastifyReply,
    work: Parameters<typeof runWrite>[4],
  ): Promise<FastifyReply>;
}

/** A dialect plugin's `scopeOf` and `write`. */
export function dialectRoutes(
  services: Services,
  context: Pick<WriteContext, 'mount' | 'renderError'>,
  scopeOf: (request: FastifyRequest) => Scope,
): DialectRoutes {
  return {
    services,
    scopeOf,
    write: (request, reply, work) =>
      runWrite(services, request, reply, { ...context, scope: scopeOf(request) }, work),
  };
}
