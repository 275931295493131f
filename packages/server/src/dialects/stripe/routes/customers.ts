import { normalizeCurrency } from '@refundkit/core';
import { notFound } from '../../../domain/errors.js';
import type { TypedApp } from '../../../http/typed-app.js';
import { sendJson } from '../../../http/write.js';
import { cannotExpand, expandList } from '../expand.js';
import type { StripeRoutes } from '../route-context.js';
import { expand, expandQuery, id, metadata, security, signedAmount, tags } from '../route-schemas.js';
import { newCustomerId } from '../store/customers.js';
import { checkedMetadata } from '../store/metadata.js';

const createCustomerBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    email: { type: 'string', maxLength: 512, pattern: '^[^@\\s]+@[^@\\s]+$' },
    name: { type: 'string', maxLength: 256 },
    description: { type: 'string' },
    balance: signedAmount,
    currency: { type: 'string', minLength: 3, maxLength: 3 },
    metadata,
    expand,
  },
} as const;

const renderCustomer = (row: {
  id: string;
  balance: number;
  created_at: number;
  currency: string | null;
  email: string | null;
  name: string | null;
  livemode: boolean;
  metadata: unknown;
}) => ({
  id: row.id,
  object: 'customer',
  balance: Number(row.balance),
  created: Math.floor(row.created_at / 1000),
  currency: row.currency?.toLowerCase() ?? null,
  email: row.email,
  livemode: row.livemode,
  metadata: row.metadata,
  name: row.name,
});

/** Customers: create (a negative balance is credit for `origin=customer_balance` refunds) and retrieve. */
export function registerCustomerRoutes(app: TypedApp, routes: StripeRoutes): void {
  const { services, scopeOf, write } = routes;

  app.post(
    '/v1/customers',
    {
      schema: {
        tags,
        summary: 'Create a customer (negative balance = credit refundable with origin=customer_balance)',
        security,
        body: createCustomerBody,
      },
    },
    (request, reply) => {
      const b = request.body;
      return write(request, reply, async (trx) => {
        const scope = scopeOf(request);
        const row = await trx
          .insertInto('customers')
          .values({
            id: newCustomerId(),
            account_id: scope.accountId,
            livemode: scope.livemode,
            email: b.email ?? null,
            name: b.name ?? null,
            balance: b.balance ?? 0,
            currency: b.currency === undefined ? null : normalizeCurrency(b.currency),
            metadata: JSON.stringify(checkedMetadata(b.metadata)),
            created_at: services.now(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return { statusCode: 200, body: renderCustomer(row) };
      });
    },
  );

  app.get(
    '/v1/customers/:id',
    { schema: { tags, summary: 'Retrieve a customer', security, params: id, querystring: expandQuery } },
    async (request, reply) => {
      const scope = scopeOf(request);
      for (const path of expandList(request.query.expand)) throw cannotExpand(path);
      const row = await services.db
        .selectFrom('customers')
        .selectAll()
        .where('id', '=', request.params.id)
        .where('account_id', '=', scope.accountId)
        .where('livemode', '=', scope.livemode)
        .executeTakeFirst();
      if (!row) throw notFound('customer', request.params.id, 'id');
      return sendJson(reply, renderCustomer(row));
    },
  );
}
