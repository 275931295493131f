import type { FastifyInstance } from 'fastify';

/**
 * Graceful shutdown: once the server starts closing, responses to requests still in flight say
 * `Connection: close`, so their keep-alive sockets end with the response instead of holding
 * `close()` open until the keep-alive timeout. Call it in every plugin that serves routes.
 */
export function registerDrain(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
}
