import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendJson } from './write.js';

/**
 * A plugin's `setErrorHandler`: the error in the dialect's own shape. Only a 5xx is logged: a
 * refusal is the client's mistake and already answered, a 5xx is ours to look into.
 */
export const errorHandler =
  (render: (error: unknown) => { statusCode: number; body: unknown }) =>
  (error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const rendered = render(error);
    if (rendered.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    return sendJson(reply, rendered.body, rendered.statusCode);
  };
