import { DomainError, notFound } from '../../../domain/errors.js';
import { createEndpoint, deleteEndpoint, listEndpoints } from '../../../domain/webhook-endpoints.js';
import type { TypedApp } from '../../../http/typed-app.js';
import { sendJson } from '../../../http/write.js';
import { cannotExpand, expandList } from '../expand.js';
import { API_VERSION } from '../objects.js';
import { listQuery } from '../query.js';
import type { StripeRoutes } from '../route-context.js';
import { expand, flag, id, listDoc, metadata, noQuery, security, tags } from '../route-schemas.js';
import { checkedMetadata } from '../store/metadata.js';

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
} as const;

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

/** Webhook endpoints: create (the answer carries the signing secret, as Stripe's does), list, delete. */
export function registerWebhookEndpointRoutes(app: TypedApp, routes: StripeRoutes): void {
  const { services, scopeOf, write, listUrl } = routes;

  app.post(
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
      const url = b.url;
      if (!/^https?:\/\//.test(url)) {
        throw new DomainError(
          'invalid_request',
          'url_invalid',
          'Invalid URL: URL must be publicly accessible.',
          'url',
        );
      }
      return write(request, reply, async (trx) => {
        const row = await createEndpoint(services, trx, scopeOf(request), {
          prefix: 'we',
          url,
          events: b.enabled_events,
          metadata: checkedMetadata(b.metadata),
        });
        return { statusCode: 200, body: renderEndpoint(row, row.secret) };
      });
    },
  );

  app.get(
    '/v1/webhook_endpoints',
    { schema: listDoc('List webhook endpoints', {}) },
    async (request, reply) => {
      for (const path of expandList(request.query.expand)) throw cannotExpand(path);
      const page = await listEndpoints(
        services.db,
        scopeOf(request),
        listQuery(request.query),
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

  app.delete(
    '/v1/webhook_endpoints/:id',
    {
      schema: {
        tags,
        summary: 'Delete a webhook endpoint',
        security,
        params: id,
        querystring: noQuery,
      },
    },
    async (request, reply) => {
      const gone = await deleteEndpoint(services.db, scopeOf(request), request.params.id);
      if (!gone) throw notFound('webhook_endpoint', request.params.id, 'id');
      return sendJson(reply, { id: gone, object: 'webhook_endpoint', deleted: true });
    },
  );
}
