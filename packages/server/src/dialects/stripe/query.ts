import type { FastifyRequest } from 'fastify';
import qs from 'qs';
import { DomainError } from '../../domain/errors.js';
import type { ListQuery } from '../../domain/pages.js';

export interface Query {
  [key: string]: unknown;
}

/** Stripe's query strings use brackets (`expand[]=charge`, `created[gte]=…`): parsed with qs. */
export const queryOf = (request: FastifyRequest): Query => {
  const at = request.url.indexOf('?');
  return at === -1
    ? {}
    : (qs.parse(request.url.slice(at + 1), {
        depth: 2,
        arrayLimit: 100,
        parameterLimit: 1000,
        plainObjects: true,
        allowPrototypes: false,
      }) as Query);
};

/** A list's pagination, as its route's query schema has validated it. */
export interface PageParams {
  limit?: number | undefined;
  starting_after?: string | undefined;
  ending_before?: string | undefined;
}

export const listQuery = (q: PageParams): ListQuery => {
  const limit = q.limit ?? 10;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new DomainError(
      'invalid_request',
      'parameter_invalid_integer',
      'This value must be greater than or equal to 1 and less than or equal to 100.',
      'limit',
    );
  }
  if (q.starting_after !== undefined && q.ending_before !== undefined) {
    throw new DomainError(
      'invalid_request',
      'parameter_invalid',
      'You may only specify one of these parameters: ending_before, starting_after.',
      'starting_after',
    );
  }
  return { limit, startingAfter: q.starting_after, endingBefore: q.ending_before };
};
