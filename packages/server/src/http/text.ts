import type { FastifyRequest } from 'fastify';
import { DomainError, notFound } from '../domain/errors.js';

/** No id this server issues is longer; a longer one in a path names nothing. */
export const MAX_ID_LENGTH = 255;

// Postgres text and jsonb cannot hold U+0000, and jsonb refuses an unpaired surrogate (which JSON
// can carry as `\ud800`): either would fail inside a query, as a 500. No id, amount or key this
// server issues contains one, so such text is refused before any query runs.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
export const storable = (text: string): boolean => !text.includes('\0') && !LONE_SURROGATE.test(text);

interface Step {
  key: string;
  parent: Step | undefined;
}
const pathOf = (step: Step | undefined): string[] => {
  const path: string[] = [];
  for (let at = step; at; at = at.parent) path.push(at.key);
  return path.reverse();
};

/**
 * The path of the first string (key or value) that cannot be stored, or undefined. Iterative, with
 * the path kept as parent links: a body may nest hundreds of thousands of levels within the size
 * limit (the schemas refuse it afterwards), and neither the stack nor copied paths may grow with it.
 */
function firstUnstorable(input: unknown): string[] | undefined {
  const stack: [unknown, Step | undefined][] = [[input, undefined]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [value, at] = next;
    if (typeof value === 'string') {
      if (!storable(value)) return pathOf(at);
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i]!;
        const step = { key, parent: at };
        if (!storable(key)) return pathOf(step);
        stack.push([item, step]);
      }
    }
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
    const path = firstUnstorable(input);
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
