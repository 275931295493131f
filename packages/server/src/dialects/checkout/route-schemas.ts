/**
 * Schema pieces every Checkout resource's routes share (JSON bodies). Plain JSON Schema objects
 * `as const`: the routes' request types are read from them (http/typed-app.ts).
 */

export const tags = ['Checkout'];
export const security: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }];
export const metadata = { type: 'object', additionalProperties: { type: 'string' } } as const;
export const idParams = {
  type: 'object',
  properties: { id: { type: 'string' } },
  required: ['id'],
} as const;
/** Reads take no query parameters: an unknown one is an error, as in a body. */
export const noQuery = { type: 'object', additionalProperties: false, properties: {} } as const;
export const idempotencyHeader = {
  type: 'object',
  properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 255 } },
} as const;
