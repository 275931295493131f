/** Schema pieces every Stripe resource's routes share (bodies are form-encoded or JSON). */

export const metadata = {
  anyOf: [
    { type: 'object', additionalProperties: { type: 'string' } },
    { type: 'string', enum: [''] },
  ],
};
export const flag = { enum: [true, false, 'true', 'false'] };
export const expand = { type: 'array', items: { type: 'string' } };
export const id = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] };
export const tags = ['Stripe-compatible'];
export const security: { [scheme: string]: string[] }[] = [{ basicAuth: [] }, { bearerAuth: [] }];

export const isTrue = (v: unknown) => v === true || v === 'true';
// Minor units: a safe integer, as everywhere in refundkit (a bigint column could hold more, JSON not).
export const amount = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER };
export const signedAmount = {
  type: 'integer',
  minimum: -Number.MAX_SAFE_INTEGER,
  maximum: Number.MAX_SAFE_INTEGER,
};
export const feeAmount = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER };
export const expandQuery = { type: 'object', additionalProperties: false, properties: { expand } };
export const expandOnly = { type: 'object', additionalProperties: false, properties: { expand } };
export const noQuery = { type: 'object', additionalProperties: false, properties: {} };

export const listDoc = (summary: string, extra: Record<string, unknown> = {}) => ({
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
      ...extra,
    },
  },
});
