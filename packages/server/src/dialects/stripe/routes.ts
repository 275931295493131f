import { normalizeCurrency, type RefundReason, reasonFromDialect } from '@refundkit/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import qs from 'qs';
import type { Db } from '../../db/open.js';
import type { Database } from '../../db/schema.js';
import type { Scope, Services } from '../../domain/context.js';
import { asPayment, asRefund } from '../../domain/context.js';
import { DomainError, notFound } from '../../domain/errors.js';
import type { KeyRing } from '../../domain/keys.js';
import { findPayment } from '../../domain/payments.js';
import { authenticate } from '../../http/auth.js';
import { coerceByRouteSchema } from '../../http/form.js';
import { dialectPath } from '../../http/request-fingerprint.js';
import { refuseUnstorable } from '../../http/text.js';
import { runWrite, sendJson } from '../../http/write.js';
import { registerConnectRoutes } from './connect.js';
import { newEndpointSecret } from './endpoint-deliveries.js';
import { renderStripeError, stripeError } from './errors.js';
import {
  API_VERSION,
  bareId,
  intentData,
  PREFIX,
  type RefundDetails,
  renderCharge,
  renderIntent,
  renderRefund,
} from './objects.js';
import { type ListQuery, pageOf } from './pages.js';
import {
  cancelRefund,
  checkedMetadata,
  confirmIntent,
  createStripeRefund,
  insertIntent,
  newCustomerId,
  newEndpointId,
  refundDetails,
  updateRefundMetadata,
} from './store.js';

const metadata = {
  anyOf: [
    { type: 'object', additionalProperties: { type: 'string' } },
    { type: 'string', enum: [''] },
  ],
};
const flag = { enum: [true, false, 'true', 'false'] };
const expand = { type: 'array', items: { type: 'string' } };
const id = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] };
const tags = ['Stripe-compatible'];
const security: { [scheme: string]: string[] }[] = [{ basicAuth: [] }, { bearerAuth: [] }];

const isTrue = (v: unknown) => v === true || v === 'true';
// Minor units: a safe integer, as everywhere in refundkit (a bigint column could hold more, JSON not).
const amount = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER };
const signedAmount = { type: 'integer', minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER };
const feeAmount = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER };
const expandQuery = { type: 'object', additionalProperties: false, properties: { expand } };

const createIntentBody = {
  type: 'object',
  additionalProperties: false,
  required: ['amount', 'currency'],
  properties: {
    amount,
    currency: { type: 'string', minLength: 3, maxLength: 3 },
    payment_method: { type: 'string' },
    confirm: flag,
    customer: { type: 'string' },
    description: { type: 'string' },
    receipt_email: { type: 'string' },
    metadata,
    application_fee_amount: feeAmount,
    transfer_data: {
      type: 'object',
      additionalProperties: false,
      required: ['destination'],
      properties: { destination: { type: 'string', minLength: 1 }, amount: feeAmount },
    },
    payment_method_types: { type: 'array', items: { type: 'string', enum: ['card'] } },
    automatic_payment_methods: {
      type: 'object',
      additionalProperties: false,
      properties: { enabled: flag, allow_redirects: { type: 'string', enum: ['always', 'never'] } },
    },
    capture_method: { type: 'string', enum: ['automatic', 'automatic_async'] },
    return_url: { type: 'string' },
    off_session: flag,
    expand,
  },
};

const confirmBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    payment_method: { type: 'string' },
    return_url: { type: 'string' },
    off_session: flag,
    expand,
  },
};

const createRefundBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    amount,
    charge: { type: 'string' },
    payment_intent: { type: 'string' },
    reason: { type: 'string', enum: ['duplicate', 'fraudulent', 'requested_by_customer'] },
    metadata,
    instructions_email: { type: 'string' },
    origin: { type: 'string', enum: ['customer_balance'] },
    customer: { type: 'string' },
    currency: { type: 'string', minLength: 3, maxLength: 3 },
    refund_application_fee: flag,
    reverse_transfer: flag,
    expand,
  },
};

const updateRefundBody = {
  type: 'object',
  additionalProperties: false,
  properties: { metadata, expand },
};

const expandOnly = { type: 'object', additionalProperties: false, properties: { expand } };

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
};

const createEndpointBody = {
  type: 'object',
  additionalProperties: false,
  required: ['url', 'enabled_events'],
  properties: {
    url: { type: 'string', minLength: 1, maxLength: 2048 },
    enabled_events: {
      type: 'array',
      minItems: 1,
      maxItems: 256,
      // Stripe's event names (`refund.updated`, `charge.dispute.created`) or `*` for all.
      items: { type: 'string', pattern: '^(\\*|[a-z_]+(\\.[a-z_]+)+)$' },
    },
    description: { type: 'string' },
    api_version: { type: 'string' },
    connect: flag,
    metadata,
    expand,
  },
};

const listDoc = (summary: string, extra: Record<string, unknown> = {}) => ({
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

interface Query {
  [key: string]: unknown;
}

declare module 'fastify' {
  interface FastifyRequest {
    stripeScope: Scope | null;
  }
}

/** Stripe's query strings use brackets (`expand[]=charge`, `created[gte]=…`): parsed with qs. */
const queryOf = (request: FastifyRequest): Query => {
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

/** The Stripe-compatible dialect; paths start at `/v1` (mounted at `/stripe` and on its own port). */
export function stripeRoutes(services: Services, keys: KeyRing, wake: () => void) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.decorateRequest('stripeScope', null);
    app.setErrorHandler((error, request, reply) => {
      const rendered = renderStripeError(error);
      if (rendered.statusCode >= 500) request.log.error({ err: error }, 'request failed');
      return sendJson(reply, rendered.body, rendered.statusCode);
    });
    app.setNotFoundHandler((request, reply) =>
      sendJson(
        reply,
        {
          error: {
            code: 'route_missing',
            message: `Unrecognized request URL (${request.method}: ${request.url}).`,
            type: 'invalid_request_error',
          },
        },
        404,
      ),
    );
    app.addHook('onRequest', async (request) => {
      request.stripeScope = authenticate(request, keys, 'stripe');
    });
    app.addHook('preValidation', async (request) => {
      // Stripe's query strings use brackets (`expand[]=charge`): validated as qs reads them.
      request.query = queryOf(request);
      refuseUnstorable(request);
      coerceByRouteSchema(request);
    });

    const scopeOf = (request: FastifyRequest): Scope => request.stripeScope as Scope;
    const write = (
      request: FastifyRequest,
      reply: FastifyReply,
      work: Parameters<typeof runWrite>[4],
    ): Promise<FastifyReply> =>
      runWrite(
        services,
        request,
        reply,
        { scope: scopeOf(request), mount: app.prefix, renderError: renderStripeError },
        work,
      ).finally(wake);

    const listQuery = (q: Query): ListQuery => {
      const raw = q['limit'];
      const limit = raw === undefined ? 10 : Number(raw);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
        throw new DomainError(
          'invalid_request',
          'parameter_invalid_integer',
          'This value must be greater than or equal to 1 and less than or equal to 100.',
          'limit',
        );
      }
      if (q['starting_after'] !== undefined && q['ending_before'] !== undefined) {
        throw new DomainError(
          'invalid_request',
          'parameter_invalid',
          'You may only specify one of these parameters: ending_before, starting_after.',
          'starting_after',
        );
      }
      return {
        limit,
        startingAfter: q['starting_after'] as string | undefined,
        endingBefore: q['ending_before'] as string | undefined,
      };
    };
    const expandList = (value: unknown): string[] =>
      value === undefined
        ? []
        : Array.isArray(value)
          ? value.map(String)
          : typeof value === 'object'
            ? Object.values(value as object).map(String)
            : [String(value)];

    const cannotExpand = (path: string) =>
      new DomainError(
        'invalid_request',
        'parameter_invalid',
        `This property cannot be expanded (${path}).`,
        'expand',
      );
    /** A list's `expand[]=data.charge` is the item's `charge`. */
    const itemPaths = (paths: string[]) =>
      paths.map((path) => {
        if (!path.startsWith('data.')) throw cannotExpand(path);
        return path.slice('data.'.length);
      });
    const chargeView = (row: Parameters<typeof renderCharge>[0], expandPaths: string[]) => {
      const view = renderCharge(row);
      for (const path of expandPaths) {
        if (path !== 'payment_intent') throw cannotExpand(path);
        view['payment_intent'] = renderIntent(row);
      }
      return view;
    };
    /** A list filter naming an object that does not exist in this mode is a 404 on that parameter, as on Stripe. */
    const requirePayment = async (
      scope: Scope,
      prefix: string,
      given: string,
      what: string,
      param: string,
    ) => {
      const row = await findPayment(services.db, scope, bareId(prefix, given));
      if (
        !row ||
        intentData(row).kind === 'balance' ||
        (prefix === PREFIX.charge && row.state !== 'succeeded')
      ) {
        throw notFound(what, given, param);
      }
      return row;
    };
    const requireCustomerRow = async (scope: Scope, customerId: string) => {
      const found = await services.db
        .selectFrom('customers')
        .select('id')
        .where('id', '=', customerId)
        .where('account_id', '=', scope.accountId)
        .where('livemode', '=', scope.livemode)
        .executeTakeFirst();
      if (!found) throw notFound('customer', customerId, 'customer');
    };

    const refundView = async (
      db: Db | Transaction<Database>,
      scope: Scope,
      row: Parameters<typeof renderRefund>[0],
      details: RefundDetails,
      expandPaths: string[],
    ) => {
      const view = renderRefund(row, details);
      for (const path of expandPaths) {
        if (path === 'charge' || path === 'payment_intent') {
          if (view[path] === null) continue;
          const payment = await findPayment(db, scope, row.payment_id);
          if (payment) view[path] = path === 'charge' ? renderCharge(payment) : renderIntent(payment);
        } else {
          throw cannotExpand(path);
        }
      }
      return view;
    };
    const intentView = (row: Parameters<typeof renderIntent>[0], expandPaths: string[]) => {
      const view = renderIntent(row);
      for (const path of expandPaths) {
        if (path === 'latest_charge') {
          if (row.state === 'succeeded') view['latest_charge'] = renderCharge(row);
        } else {
          throw cannotExpand(path);
        }
      }
      return view;
    };
    const listUrl = (request: FastifyRequest) => dialectPath(request.url.split('?')[0]!, app.prefix);

    // ---- PaymentIntents -------------------------------------------------------------------------

    app.post<{ Body: Record<string, unknown> }>(
      '/v1/payment_intents',
      {
        schema: {
          tags,
          summary: 'Create a PaymentIntent (confirm=true pays it at once)',
          security,
          body: createIntentBody,
        },
      },
      (request, reply) => {
        const b = request.body;
        const currency = normalizeCurrency(b['currency'] as string);
        const transferData = b['transfer_data'] as { destination?: string; amount?: number } | undefined;
        const transfer = transferData?.destination ?? null;
        const fee = (b['application_fee_amount'] as number | undefined) ?? null;
        if (fee !== null && !transfer) {
          throw new DomainError(
            'invalid_request',
            'parameter_invalid',
            'Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).',
            'application_fee_amount',
          );
        }
        for (const [param, value] of [
          ['application_fee_amount', fee],
          ['transfer_data[amount]', transferData?.amount],
        ] as const) {
          if (typeof value === 'number' && value > (b['amount'] as number)) {
            throw new DomainError(
              'invalid_request',
              'parameter_invalid_integer',
              `The ${param} (${value}) must be less than or equal to the amount (${b['amount']}).`,
              param,
            );
          }
        }
        const pm = b['payment_method'] as string | undefined;
        return write(request, reply, async (trx) => {
          const scope = scopeOf(request);
          if (b['customer'] !== undefined) await requireCustomer(trx, scope, b['customer'] as string);
          const row = await insertIntent(services, trx, scope, {
            amount: b['amount'] as number,
            currency,
            metadata: checkedMetadata(b['metadata']),
            data: {
              kind: 'payment_intent',
              payment_method: pm ?? null,
              customer: (b['customer'] as string | undefined) ?? null,
              description: (b['description'] as string | undefined) ?? null,
              receipt_email: (b['receipt_email'] as string | undefined) ?? null,
              application_fee_amount: fee,
              transfer_destination: transfer,
              transfer_amount: transferData?.amount ?? null,
            },
          });
          if (!isTrue(b['confirm']))
            return { statusCode: 200, body: intentView(row, expandList(b['expand'])) };
          return confirmed(await confirmIntent(services, trx, scope, `pi_${row.id}`, pm), b['expand']);
        });
      },
    );

    /** A confirmation's answer: the intent, or Stripe's 402 card error carrying it (the decline is committed). */
    const confirmed = (result: Awaited<ReturnType<typeof confirmIntent>>, expandParam: unknown) => {
      const view = intentView(result.row, expandList(expandParam));
      if (!result.decline) return { statusCode: 200, body: view };
      const { type, message, code, ...extra } = result.decline;
      return {
        statusCode: 402,
        body: stripeError(type, message, code, undefined, { ...extra, payment_intent: view }),
      };
    };

    const requireCustomer = async (db: Transaction<Database>, scope: Scope, customerId: string) => {
      const found = await db
        .selectFrom('customers')
        .select('id')
        .where('id', '=', customerId)
        .where('account_id', '=', scope.accountId)
        .where('livemode', '=', scope.livemode)
        .executeTakeFirst();
      if (!found) throw notFound('customer', customerId, 'customer');
    };

    app.post<{ Params: { id: string }; Body: Record<string, unknown> }>(
      '/v1/payment_intents/:id/confirm',
      {
        schema: {
          tags,
          summary: 'Confirm a PaymentIntent with a test payment method',
          security,
          params: id,
          body: confirmBody,
        },
      },
      (request, reply) =>
        write(request, reply, async (trx) => {
          const result = await confirmIntent(
            services,
            trx,
            scopeOf(request),
            request.params.id,
            request.body['payment_method'] as string | undefined,
          );
          return confirmed(result, request.body['expand']);
        }),
    );

    app.get<{ Params: { id: string } }>(
      '/v1/payment_intents/:id',
      {
        schema: { tags, summary: 'Retrieve a PaymentIntent', security, params: id, querystring: expandQuery },
      },
      async (request, reply) => {
        const row = await findPayment(
          services.db,
          scopeOf(request),
          bareId(PREFIX.intent, request.params.id),
        );
        if (!row || intentData(row).kind === 'balance')
          throw notFound('payment_intent', request.params.id, 'intent');
        return sendJson(reply, intentView(row, expandList((request.query as Query)['expand'])));
      },
    );

    app.get(
      '/v1/payment_intents',
      { schema: listDoc('List PaymentIntents', { customer: { type: 'string' } }) },
      async (request, reply) => {
        const q = request.query as Query;
        const paths = itemPaths(expandList(q['expand']));
        if (q['customer'] !== undefined) await requireCustomerRow(scopeOf(request), q['customer'] as string);
        const page = await pageOf(
          services.db,
          'payments',
          scopeOf(request),
          listQuery(q),
          (query) =>
            query.where('dialect', '=', 'stripe').where(
              'data',
              '@>',
              JSON.stringify({
                kind: 'payment_intent',
                ...(q['customer'] ? { customer: q['customer'] } : {}),
              }),
            ),
          (c) => bareId(PREFIX.intent, c),
          'payment_intent',
        );
        return sendJson(reply, {
          object: 'list',
          data: page.data.map((r) => intentView(asPayment(r), paths)),
          has_more: page.has_more,
          url: listUrl(request),
        });
      },
    );

    // ---- Charges --------------------------------------------------------------------------------

    app.get<{ Params: { id: string } }>(
      '/v1/charges/:id',
      { schema: { tags, summary: 'Retrieve a charge', security, params: id, querystring: expandQuery } },
      async (request, reply) => {
        const row = await findPayment(
          services.db,
          scopeOf(request),
          bareId(PREFIX.charge, request.params.id),
        );
        if (!row || row.state !== 'succeeded' || intentData(row).kind === 'balance') {
          throw notFound('charge', request.params.id, 'id');
        }
        return sendJson(reply, chargeView(row, expandList((request.query as Query)['expand'])));
      },
    );

    app.get(
      '/v1/charges',
      {
        schema: listDoc('List charges', { payment_intent: { type: 'string' }, customer: { type: 'string' } }),
      },
      async (request, reply) => {
        const q = request.query as Query;
        const paths = itemPaths(expandList(q['expand']));
        const scope = scopeOf(request);
        if (q['customer'] !== undefined) await requireCustomerRow(scope, q['customer'] as string);
        if (q['payment_intent'] !== undefined) {
          await requirePayment(
            scope,
            PREFIX.intent,
            q['payment_intent'] as string,
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
                  ...(q['customer'] ? { customer: q['customer'] } : {}),
                }),
              );
            if (typeof q['payment_intent'] === 'string')
              next = next.where('id', '=', bareId(PREFIX.intent, q['payment_intent']));
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

    registerConnectRoutes(app, services, scopeOf, {
      tags,
      security,
      params: id,
      querystring: { type: 'object', additionalProperties: false, properties: {} },
    });

    // ---- Refunds --------------------------------------------------------------------------------

    app.post<{ Body: Record<string, unknown> }>(
      '/v1/refunds',
      {
        schema: {
          tags,
          summary: 'Create a refund (charge, payment_intent or origin=customer_balance)',
          security,
          body: createRefundBody,
        },
      },
      (request, reply) => {
        const b = request.body;
        const reason: RefundReason | null =
          b['reason'] === undefined ? null : reasonFromDialect(b['reason'], 'stripe');
        return write(request, reply, async (trx) => {
          const scope = scopeOf(request);
          const { row, details } = await createStripeRefund(services, trx, scope, {
            charge: b['charge'] as string | undefined,
            paymentIntent: b['payment_intent'] as string | undefined,
            amount: b['amount'] as number | undefined,
            reason,
            metadata: b['metadata'],
            instructionsEmail: b['instructions_email'] as string | undefined,
            origin: b['origin'] as 'customer_balance' | undefined,
            customer: b['customer'] as string | undefined,
            currency: b['currency'] as string | undefined,
            refundApplicationFee: isTrue(b['refund_application_fee']),
            reverseTransfer: isTrue(b['reverse_transfer']),
          });
          return {
            statusCode: 200,
            body: await refundView(trx, scope, row, details, expandList(b['expand'])),
            wakes: ['jobs', 'deliveries'],
          };
        });
      },
    );

    app.get<{ Params: { id: string } }>(
      '/v1/refunds/:id',
      { schema: { tags, summary: 'Retrieve a refund', security, params: id, querystring: expandQuery } },
      async (request, reply) => {
        const scope = scopeOf(request);
        const row = await services.db
          .selectFrom('refunds')
          .selectAll()
          .where('id', '=', bareId(PREFIX.refund, request.params.id))
          .where('account_id', '=', scope.accountId)
          .where('livemode', '=', scope.livemode)
          .where('dialect', '=', 'stripe')
          .executeTakeFirst();
        if (!row) throw notFound('refund', request.params.id, 'id');
        const details = (await refundDetails(services.db, [row.id])).get(row.id) ?? {};
        return sendJson(
          reply,
          await refundView(
            services.db,
            scope,
            asRefund(row),
            details,
            expandList((request.query as Query)['expand']),
          ),
        );
      },
    );

    app.post<{ Params: { id: string }; Body: Record<string, unknown> }>(
      '/v1/refunds/:id',
      {
        schema: { tags, summary: 'Update a refund (metadata)', security, params: id, body: updateRefundBody },
      },
      (request, reply) =>
        write(request, reply, async (trx) => {
          const scope = scopeOf(request);
          const row = await updateRefundMetadata(
            services,
            trx,
            scope,
            request.params.id,
            request.body['metadata'],
          );
          const details = (await refundDetails(trx, [row.id])).get(row.id) ?? {};
          return {
            statusCode: 200,
            body: await refundView(trx, scope, row, details, expandList(request.body['expand'])),
          };
        }),
    );

    app.post<{ Params: { id: string }; Body: Record<string, unknown> }>(
      '/v1/refunds/:id/cancel',
      {
        schema: {
          tags,
          summary: 'Cancel a refund that requires action',
          security,
          params: id,
          body: expandOnly,
        },
      },
      (request, reply) =>
        write(request, reply, async (trx) => {
          const scope = scopeOf(request);
          const row = await cancelRefund(services, trx, scope, request.params.id);
          const details = (await refundDetails(trx, [row.id])).get(row.id) ?? {};
          return {
            statusCode: 200,
            body: await refundView(trx, scope, row, details, expandList(request.body['expand'])),
            wakes: ['deliveries'],
          };
        }),
    );

    app.get(
      '/v1/refunds',
      { schema: listDoc('List refunds', { charge: { type: 'string' }, payment_intent: { type: 'string' } }) },
      async (request, reply) => {
        const q = request.query as Query;
        const scope = scopeOf(request);
        const paths = itemPaths(expandList(q['expand']));
        let paymentId: string | undefined;
        if (q['charge'] !== undefined) {
          paymentId = (await requirePayment(scope, PREFIX.charge, q['charge'] as string, 'charge', 'charge'))
            .id;
        }
        if (q['payment_intent'] !== undefined) {
          const intent = await requirePayment(
            scope,
            PREFIX.intent,
            q['payment_intent'] as string,
            'payment_intent',
            'payment_intent',
          );
          if (paymentId !== undefined && paymentId !== intent.id) {
            throw new DomainError(
              'invalid_request',
              'parameter_invalid',
              `The charge ${q['charge']} does not belong to the PaymentIntent ${q['payment_intent']}.`,
              'payment_intent',
            );
          }
          paymentId = intent.id;
        }
        const page = await pageOf(
          services.db,
          'refunds',
          scope,
          listQuery(q),
          (query) => {
            const next = query.where('dialect', '=', 'stripe');
            return paymentId === undefined ? next : next.where('payment_id', '=', paymentId);
          },
          (c) => bareId(PREFIX.refund, c),
          'refund',
        );
        const rows = page.data.map((r) => asRefund(r));
        const details = await refundDetails(
          services.db,
          rows.map((r) => r.id),
        );
        return sendJson(reply, {
          object: 'list',
          data: await Promise.all(
            rows.map((r) => refundView(services.db, scope, r, details.get(r.id) ?? {}, paths)),
          ),
          has_more: page.has_more,
          url: listUrl(request),
        });
      },
    );

    // ---- Customers ------------------------------------------------------------------------------

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

    app.post<{ Body: Record<string, unknown> }>(
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
              email: (b['email'] as string | undefined) ?? null,
              name: (b['name'] as string | undefined) ?? null,
              balance: (b['balance'] as number | undefined) ?? 0,
              currency: b['currency'] === undefined ? null : normalizeCurrency(b['currency'] as string),
              metadata: JSON.stringify(checkedMetadata(b['metadata'])),
              created_at: services.now(),
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          return { statusCode: 200, body: renderCustomer(row) };
        });
      },
    );

    app.get<{ Params: { id: string } }>(
      '/v1/customers/:id',
      { schema: { tags, summary: 'Retrieve a customer', security, params: id, querystring: expandQuery } },
      async (request, reply) => {
        const scope = scopeOf(request);
        for (const path of expandList((request.query as Query)['expand'])) throw cannotExpand(path);
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

    // ---- Webhook endpoints ----------------------------------------------------------------------

    const renderEndpoint = (
      row: {
        id: string;
        url: string;
        enabled_events: unknown;
        livemode: boolean;
        metadata: unknown;
        created_at: number;
      },
      secret?: string,
    ) => ({
      id: row.id,
      object: 'webhook_endpoint',
      api_version: API_VERSION,
      application: null,
      created: Math.floor(row.created_at / 1000),
      description: null,
      enabled_events: row.enabled_events,
      livemode: row.livemode,
      metadata: row.metadata,
      ...(secret ? { secret } : {}),
      status: 'enabled',
      url: row.url,
    });

    app.post<{ Body: Record<string, unknown> }>(
      '/v1/webhook_endpoints',
      {
        schema: {
          tags,
          summary: 'Create a webhook endpoint (the answer carries its signing secret)',
          security,
          body: createEndpointBody,
        },
      },
      (request, reply) => {
        const b = request.body;
        const url = b['url'] as string;
        if (!/^https?:\/\//.test(url)) {
          throw new DomainError(
            'invalid_request',
            'url_invalid',
            'Invalid URL: URL must be publicly accessible.',
            'url',
          );
        }
        return write(request, reply, async (trx) => {
          const scope = scopeOf(request);
          const secret = newEndpointSecret();
          const row = await trx
            .insertInto('webhook_endpoints')
            .values({
              id: newEndpointId(),
              account_id: scope.accountId,
              livemode: scope.livemode,
              dialect: 'stripe',
              url,
              secret,
              enabled_events: JSON.stringify(b['enabled_events']),
              metadata: JSON.stringify(checkedMetadata(b['metadata'])),
              created_at: services.now(),
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          return { statusCode: 200, body: renderEndpoint(row, secret) };
        });
      },
    );

    app.get(
      '/v1/webhook_endpoints',
      { schema: listDoc('List webhook endpoints') },
      async (request, reply) => {
        for (const path of expandList((request.query as Query)['expand'])) throw cannotExpand(path);
        const page = await pageOf<{
          seq: number;
          id: string;
          url: string;
          enabled_events: unknown;
          livemode: boolean;
          metadata: unknown;
          created_at: number;
        }>(
          services.db,
          'webhook_endpoints',
          scopeOf(request),
          listQuery(request.query as Query),
          (query) => query.where('dialect', '=', 'stripe'),
          (c) => c,
          'webhook_endpoint',
        );
        return sendJson(reply, {
          object: 'list',
          data: page.data.map((r) => renderEndpoint(r)),
          has_more: page.has_more,
          url: listUrl(request),
        });
      },
    );

    app.delete<{ Params: { id: string } }>(
      '/v1/webhook_endpoints/:id',
      {
        schema: {
          tags,
          summary: 'Delete a webhook endpoint',
          security,
          params: id,
          querystring: { type: 'object', additionalProperties: false, properties: {} },
        },
      },
      async (request, reply) => {
        const scope = scopeOf(request);
        const gone = await services.db
          .deleteFrom('webhook_endpoints')
          .where('id', '=', request.params.id)
          .where('account_id', '=', scope.accountId)
          .where('livemode', '=', scope.livemode)
          .where('dialect', '=', 'stripe')
          .returning('id')
          .executeTakeFirst();
        if (!gone) throw notFound('webhook_endpoint', request.params.id, 'id');
        return sendJson(reply, { id: gone.id, object: 'webhook_endpoint', deleted: true });
      },
    );
  };
}
