import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.js';
import { sendJson } from './write.js';

/** Route parameters may be this long before the router refuses them, so over-long ids reach the route. */
export const MAX_PARAM_LENGTH = 2048;

/**
 * Fastify's router refuses some URLs before any route, and so any dialect, sees them: an invalid
 * percent-encoding, or a path parameter over `maxParamLength`. They become domain errors, so each
 * dialect can answer them in its own error shape.
 */
export function routerError(error: FastifyError): DomainError | FastifyError {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return new DomainError(
      'not_found',
      'resource_missing',
      'No such object: the id in the path is longer than any id this server issues.',
    );
  }
  if (error.code === 'FST_ERR_BAD_URL') {
    return new DomainError(
      'invalid_request',
      'path_invalid',
      'The request path is not valid percent-encoded UTF-8.',
    );
  }
  return error;
}

/** Answers an error on a reply (a dialect's JSON error object, or the pay page's HTML). */
export type ErrorReply = (error: unknown, reply: FastifyReply) => FastifyReply;

export const jsonErrorReply =
  (render: (error: unknown) => { statusCode: number; body: unknown }): ErrorReply =>
  (error, reply) => {
    const rendered = render(error);
    return sendJson(reply, rendered.body, rendered.statusCode);
  };

/** A `frameworkErrors` option: router refusals answered the way the request's dialect answers errors. */
export const routerErrorHandler =
  (replyFor: (request: FastifyRequest) => ErrorReply) =>
  (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    reply.header('request-id', request.id);
    return replyFor(request)(routerError(error), reply);
  };
