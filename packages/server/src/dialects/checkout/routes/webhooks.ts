import { DomainError, notFound } from '../../../domain/errors.js';
import { createEndpoint, deleteEndpoint, listEndpoints } from '../../../domain/webhook-endpoints.js';
import type { DialectRoutes } from '../../../http/dialect-routes.js';
import type { TypedApp } from '../../../http/typed-app.js';
import { sendJson } from '../../../http/write.js';
import { idParams, noQuery, security, tags } from '../route-schemas.js';

const webhookBody = {
  type: 'object',
  additionalProperties: false,
  required: ['url'],
  properties: {
    url: { type: 'string', minLength: 1, maxLength: 2048 },
    events: {
      type: 'array',
      minItems: 1,
      maxItems: 256,
      items: { type: 'string', pattern: '^(\\*|[a-z_]+(\\.[a-z_]+)+)$' },
    },
  },
} as const;

const renderHook = (
  row: { id: string; url: string; enabled_events: unknown; created_at: number },
  secret?: string,
) => ({
  id: row.id,
  url: row.url,
  events: row.enabled_events,
  createdAt: new Date(row.created_at).toISOString(),
  ...(secret ? { secret } : {}),
});

/** Webhook endpoints: register (the answer carries the signing secret), list, delete. */
export function registerWebhookRoutes(app: TypedApp, routes: DialectRoutes): void {
  const { services, scopeOf, write } = routes;

  app.post(
    '/api/webhooks',
    {
      schema: {
        tags,
        summary: 'Register a webhook endpoint (the answer carries its signing secret)',
        security,
        body: webhookBody,
      },
    },
    (request, reply) => {
      if (!/^https?:\/\//.test(request.body.url)) {
        throw new DomainError('invalid_request', 'url_invalid', 'url must be an http(s) URL.', 'url');
      }
      return write(request, reply, async (trx) => {
        const row = await createEndpoint(services, trx, scopeOf(request), {
          prefix: 'wh',
          url: request.body.url,
          events: request.body.events ?? ['*'],
          metadata: {},
        });
        return { statusCode: 201, body: renderHook(row, row.secret) };
      });
    },
  );

  app.get(
    '/api/webhooks',
    { schema: { tags, summary: 'List webhook endpoints', security, querystring: noQuery } },
    async (request, reply) => {
      const page = await listEndpoints(services.db, scopeOf(request), { limit: 100 }, 'webhook');
      return sendJson(reply, { items: page.data.map((r) => renderHook(r)) });
    },
  );

  app.delete(
    '/api/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Delete a webhook endpoint',
        security,
        params: idParams,
        querystring: noQuery,
      },
    },
    async (request, reply) => {
      const gone = await deleteEndpoint(services.db, scopeOf(request), request.params.id);
      if (!gone) throw notFound('webhook', request.params.id);
      return reply.code(204).send();
    },
  );
}
