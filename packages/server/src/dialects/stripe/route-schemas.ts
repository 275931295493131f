/**
 * Schema pieces every Stripe resource's routes share (bodies are form-encoded or JSON). Plain JSON
 * Schema objects `as const`: the routes' request types are read from them (http/typed-app.ts).
 */

export const metadata = {
  anyOf: [
    { type: 'object', additionalProperties: { type: 'string' } },
    { type: 'string', enum: [''] },
  ],
} as const;
export const flag = { enum: [true, false, 'true', 'false'] } as const;
export const expand = { type: 'array', items: { type: 'string' } } as const;
export const id = {
  type: 'object',
  properties: { id: { type: 'string' } },
  required: ['id'],
} as const;
export const tags = ['Stripe-compatible'];
export const security: { [scheme: string]: string[] }[] = [{ basicAuth: [] }, { bearerAuth: [] }];

export const isTrue = (v: unknown) => v === true || v === 'true';
// Minor units: a safe integer, as everywhere in refundkit (a bigint column could hold more, JSON not).
export const amount = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } as const;
export const signedAmount = {
  type: 'integer',
  minimum: -Number.MAX_SAFE_INTEGER,
  maximum: Number.MAX_SAFE_INTEGER,
} as const;
export const feeAmount = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;
export const expandQuery = { type: 'object', additionalProperties: false, properties: { expand } } as const;
export const expandOnly = { type: 'object', additionalProperties: false, properties: { expand } } as const;
export const noQuery = { type: 'object', additionalProperties: false, properties: {} } as const;

/** A list's documentation and query: Stripe's pagination, `expand`, and the list's own filters. */
export const listDoc = <const Filters extends Record<string, unknown>>(
  summary: string,
  filters: Filters,
) => ({
  tags,
  summary,
  security,
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: {
      limit: { type: 'integer', minimum: 1, maximum: 100 },
      starting_after: { type: 'string' },
      ending_before: { type: 'string' },
      expand,
      ...filters,
    },
  } as const,
});
