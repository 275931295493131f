import Fastify from 'fastify';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { idParams } from '../src/dialects/checkout/route-schemas.js';
import { listDoc, metadata } from '../src/dialects/stripe/route-schemas.js';
import { typed } from '../src/http/typed-app.js';

// The routes' request types come from their `as const` schemas (no casts): these checks are read by
// `tsc -p tsconfig.test.json` (the package's typecheck), and the requests prove the same schemas validate.
describe('routes typed from their schemas', () => {
  const app = Fastify();
  afterEach(() => app.close());

  it('reads body, query and params types from the schema objects, on the same instance', async () => {
    const api = typed(app);
    expect(api).toBe(app);
    api.post(
      '/things/:id',
      {
        schema: {
          params: idParams,
          querystring: listDoc('List things', { customer: { type: 'string' } }).querystring,
          body: { type: 'object', additionalProperties: false, properties: { metadata } } as const,
        },
      },
      async (request) => {
        expectTypeOf(request.params).toEqualTypeOf<{ [x: string]: unknown; id: string }>();
        expectTypeOf(request.query.limit).toEqualTypeOf<number | undefined>();
        expectTypeOf(request.query.expand).toEqualTypeOf<string[] | undefined>();
        expectTypeOf(request.query.customer).toEqualTypeOf<string | undefined>();
        expectTypeOf(request.body.metadata).toEqualTypeOf<'' | { [x: string]: string } | undefined>();
        return { id: request.params.id, query: request.query, body: request.body };
      },
    );
    const url = await app.listen({ port: 0, host: '127.0.0.1' });

    const ok = await fetch(`${url}/things/th_1?limit=5&customer=cus_1&expand=data`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ metadata: { order: '42' } }),
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({
      id: 'th_1',
      query: { limit: 5, customer: 'cus_1', expand: ['data'] },
      body: { metadata: { order: '42' } },
    });

    const refused = await fetch(`${url}/things/th_1?limit=500`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ metadata: 7 }),
    });
    expect(refused.status).toBe(400);
  });
});
