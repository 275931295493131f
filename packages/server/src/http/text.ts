import type { FastifyRequest } from 'fastify';
import { DomainError, notFound } from '../domain/errors.js';

/** No id this server issues is longer; a longer one in a path names nothing. */
export const MAX_ID_LENGTH = 255;

// Postgres text and jsonb cannot hold U+0000, and jsonb refuses an unpaired surrogate (which JSON
// can carry as `\ud800`): either would fail inside a query, as a 500. No id, amount or key this
// server issues contains one, so such text is refused before any query runs.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
export const storable = (text: string): boolean => !text.includes('\0') && !LONE_SURROGATE.test(text);

/** The path of the first string (key or value) that cannot be stored, or undefined. */
function firstUnstorable(value: unknown, path: string[]): string[] | undefined {
  if (typeof value === 'string') return storable(value) ? undefined : path;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (!storable(key)) return [...path, key];
    const found = firstUnstorable(item, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

// The object a path id names, from the segment before `:id`, for the "No such …" message.
const NOUNS: Record<string, string> = {
  sessions: 'checkout session',
  pay: 'checkout session',
  refunds: 'refund',
  payment_intents: 'payment_intent',
  charges: 'charge',
  customers: 'customer',
  webhook_endpoints: 'webhook_endpoint',
  checkouts: 'checkout',
  webhooks: 'webhook',
};

function nounOf(request: FastifyRequest): string {
  const segments = (request.routeOptions.url ?? '').split('/');
  const at = segments.indexOf(':id');
  return NOUNS[segments[at - 1] ?? ''] ?? 'object';
}

/** `metadata/a` as form encoding names it: `metadata[a]`. */
export const bracketName = (path: string[]): string =>
  path.map((part, i) => (i === 0 ? part : `[${part}]`)).join('');

/**
 * A preValidation step for every route: an id in the path that no object can have (unstorable text,
 * longer than any issued id) is "no such object" (404); unstorable text anywhere in the query or
 * body is an invalid parameter (400). Both in the dialect's own error shape, via its error handler.
 */
export function refuseUnstorable(request: FastifyRequest, paramName = bracketName): void {
  const params = (request.params ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(params)) {
    if (name === '*' || typeof value !== 'string') continue;
    if (!storable(value) || value.length > MAX_ID_LENGTH) {
      const shown = value.length > 64 ? `${value.slice(0, 64)}…` : value;
      throw notFound(nounOf(request), shown);
    }
  }
  for (const input of [request.query, request.body]) {
    const path = firstUnstorable(input, []);
    if (path) {
      const param = paramName(path);
      throw new DomainError(
        'invalid_request',
        'parameter_invalid',
        `Invalid ${param || 'request'}: text must be valid Unicode without NUL characters.`,
        param || undefined,
      );
    }
  }
}
