import { asPayment } from '../../../domain/context.js';
import { notFound } from '../../../domain/errors.js';
import { pageOf } from '../../../domain/pages.js';
import { findPayment } from '../../../domain/payments.js';
import type { TypedApp } from '../../../http/typed-app.js';
import { sendJson } from '../../../http/write.js';
import { chargeView, expandList, itemPaths } from '../expand.js';
import { requireCustomer, requirePayment } from '../lookups.js';
import { bareId, intentData, PREFIX } from '../objects.js';
import { listQuery } from '../query.js';
import type { StripeRoutes } from '../route-context.js';
import { expandQuery, id, listDoc, security, tags } from '../route-schemas.js';

/** Charges, read-only: one per paid PaymentIntent (the same payment row). */
export function registerChargeRoutes(app: TypedApp, routes: StripeRoutes): void {
  const { services, scopeOf, listUrl } = routes;

  app.get(
    '/v1/charges/:id',
    { schema: { tags, summary: 'Retrieve a charge', security, params: id, querystring: expandQuery } },
    async (request, reply) => {
      const row = await findPayment(services.db, scopeOf(request), bareId(PREFIX.charge, request.params.id));
      if (!row || row.state !== 'succeeded' || intentData(row).kind === 'balance') {
        throw notFound('charge', request.params.id, 'id');
      }
      return sendJson(reply, chargeView(row, expandList(request.query.expand)));
    },
  );

  app.get(
    '/v1/charges',
    {
      schema: listDoc('List charges', { payment_intent: { type: 'string' }, customer: { type: 'string' } }),
    },
    async (request, reply) => {
      const q = request.query;
      const paths = itemPaths(expandList(q.expand));
      const scope = scopeOf(request);
      if (q.customer !== undefined) await requireCustomer(services.db, scope, q.customer);
      if (q.payment_intent !== undefined) {
        await requirePayment(
          services.db,
          scope,
          PREFIX.intent,
          q.payment_intent,
          'payment_intent',
          'payment_intent',
        );
      }
      const page = await pageOf(
        services.db,
        'payments',
        scope,
        listQuery(q),
        (query) => {
          let next = query
            .where('dialect', '=', 'stripe')
            .where('state', '=', 'succeeded')
            .where(
              'data',
              '@>',
              JSON.stringify({
                kind: 'payment_intent',
                ...(q.customer ? { customer: q.customer } : {}),
              }),
            );
          if (typeof q.payment_intent === 'string')
            next = next.where('id', '=', bareId(PREFIX.intent, q.payment_intent));
          return next;
        },
        (c) => bareId(PREFIX.charge, c),
        'charge',
      );
      return sendJson(reply, {
        object: 'list',
        data: page.data.map((r) => chargeView(asPayment(r), paths)),
        has_more: page.has_more,
        url: listUrl(request),
      });
    },
  );
}
