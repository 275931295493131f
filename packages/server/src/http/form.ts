import type { FastifyInstance, FastifyRequest } from 'fastify';
import qs from 'qs';

/**
 * Form bodies with bracket syntax: `metadata[key]=value`, `payment_method[]=blik`. Null-prototype
 * objects from qs keep keys such as `toString` or `__proto__` as plain data.
 */
export function registerFormParser(app: FastifyInstance): void {
  // Bodies are forms or JSON; a text body would only reach validation as a confusing string.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(
        null,
        qs.parse(body as string, {
          depth: 2,
          arrayLimit: 100,
          parameterLimit: 1000,
          plainObjects: true,
          allowPrototypes: false,
          strictNullHandling: false,
        }),
      );
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

interface Schema {
  type?: string | readonly string[];
  properties?: Record<string, Schema>;
}

const INTEGER = /^-?\d{1,16}$/;

/**
 * Form fields and query strings are text; their schema says what they mean. Digits become
 * integers and a single value becomes a one-element list where the schema asks for one, before
 * validation. JSON bodies are left alone: `"amount": "1000"` there is a type error.
 */
export function coerce(value: unknown, schema: Schema | undefined): unknown {
  if (!schema) return value;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'integer' && typeof value === 'string' && INTEGER.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  if (type === 'array' && (typeof value === 'string' || isRecord(value))) {
    return typeof value === 'string' ? [value] : Object.values(value);
  }
  if (type === 'object' && isRecord(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, coerce(item, schema.properties?.[key])]),
    );
  }
  return value;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const isForm = (request: FastifyRequest): boolean =>
  (request.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');

/** A preValidation hook: coerce form bodies and query strings by the route's schema. */
export function coerceByRouteSchema(request: FastifyRequest): void {
  const schema = request.routeOptions.schema as { body?: Schema; querystring?: Schema } | undefined;
  if (!schema) return;
  if (schema.querystring && request.query) request.query = coerce(request.query, schema.querystring);
  // No body at all reads as an empty form, so the answer names the first missing parameter. A JSON
  // `null` is a body, and not an object: validation refuses it.
  if (schema.body && request.body === undefined) request.body = {};
  if (schema.body && isForm(request)) {
    request.body = coerce(request.body, schema.body);
  }
}
