import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Refund } from '@refundkit/core';
import { isRefundkitError, type RefundkitClient, RefundkitSignatureError } from '@refundkit/sdk';
import { rawBody } from '@refundkit/sdk/node';
import { HttpError, readJson, sendError, sendJson } from './http.js';
import { idempotencyKeyFrom, parseRefundRequest } from './refund-request.js';
import { EventHub } from './sse.js';
import { resolveFile, sendFile } from './static.js';
import type { StorybookSite } from './storybook.js';
import { type PaymentView, paymentView, toRefund } from './views.js';
import { type WebhookDelivery, WebhookLog } from './webhook-log.js';

/** The refund server as the backend reaches it: through the SDK, with the secret key. */
export interface Gateway {
  readonly client: RefundkitClient;
  readonly serverUrl: string;
  readonly docsUrl: string;
}

export interface BackendOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** The built dashboard (index.html and assets). */
  webDir: string;
  /** Resolves once `webDir` holds a current build; pages wait for it. */
  webReady?: Promise<void>;
  /** The components' Storybook, served at /storybook/ once built. */
  storybook?: Pick<StorybookSite, 'dir' | 'state' | 'error'> | undefined;
  /** Where the webhook log is kept between starts. */
  webhookLogFile?: string | undefined;
  /** Shown by /api/config. */
  refundDelayMs?: number;
  /** Errors that happen after a response was sent (a refresh pushed over SSE). */
  onError?: (error: unknown) => void;
}

export interface Backend {
  readonly url: string;
  readonly port: number;
  readonly webhookUrl: string;
  /** Connects the backend to the refund server once it is up; API calls answer 503 until then. */
  attach(gateway: Gateway): void;
  readonly log: WebhookLog;
  close(): Promise<void>;
}

const PAGE = 100;

/** Every item of a list, page after page. */
async function collect<T>(first: Promise<AsyncIterable<T>>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of await first) out.push(item);
  return out;
}

async function allRefunds(client: RefundkitClient, paymentId?: string): Promise<Refund[]> {
  const refunds = await collect(client.refunds.list({ limit: PAGE, ...(paymentId ? { paymentId } : {}) }));
  return refunds.map(toRefund);
}

async function allPayments(client: RefundkitClient): Promise<PaymentView[]> {
  const [sessions, refunds] = await Promise.all([
    collect(client.checkoutSessions.list({ limit: PAGE })),
    allRefunds(client),
  ]);
  return sessions.map((session) => paymentView(session, refunds));
}

async function onePayment(client: RefundkitClient, id: string): Promise<PaymentView> {
  const [session, refunds] = await Promise.all([
    client.checkoutSessions.retrieve(id),
    allRefunds(client, id),
  ]);
  return paymentView(session, refunds);
}

/** An SDK error in the transport's shape: the server's status (a local refusal is a 400), code and words. */
function fromSdk(error: unknown): HttpError | undefined {
  if (!isRefundkitError(error)) return undefined;
  const status =
    error.type === 'connection_error' || (error.statusCode ?? 0) >= 500 ? 502 : (error.statusCode ?? 400);
  return new HttpError(status, error.code ?? error.type, error.message, error.param ?? undefined);
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** The page at /storybook/ while there is no Storybook to serve: why, and what happens next. */
function storybookPage(state: 'building' | 'failed' | 'idle', error: string | null): string {
  const body =
    state === 'failed'
      ? `<h1>The Storybook build failed</h1>
<p>The demo keeps running. Its output:</p>
<pre style="background:#eef0f4;padding:1rem;white-space:pre-wrap">${escapeHtml(error ?? '')}</pre>
<p>Restart the demo to try again; <code>pnpm --filter @refundkit/react build:storybook</code> shows the
build's full output.</p>`
      : `<h1>Storybook is being built</h1>
<p>The first start after an install (or a change to the components) builds the components' Storybook.
It takes a few seconds; this page reloads itself.</p>`;
  return `<!doctype html><meta charset="utf-8"><title>Storybook ${state === 'failed' ? 'build failed' : 'is being built'}</title>
${state === 'failed' ? '' : '<meta http-equiv="refresh" content="2">'}
<body style="font:16px system-ui;max-width:44rem;margin:4rem auto;padding:0 1rem">
${body}
<p><a href="/">Back to the dashboard</a></p>`;
}

/**
 * The merchant's backend: the only place that holds the secret key. Serves the dashboard and its JSON
 * API (the contract of @refundkit/react's fetch transport), receives the refund server's webhooks,
 * verifies them with the SDK and pushes the news to every dashboard over server-sent events.
 * Built on node:http: a dozen routes, raw bodies for signatures and long-lived SSE responses need no
 * framework, and nothing to load keeps the start fast.
 */
export async function startBackend(options: BackendOptions): Promise<Backend> {
  const log = new WebhookLog(options.webhookLogFile);
  const hub = new EventHub();
  const requests = new Map<string, number>();
  let gateway: Gateway | undefined;
  let closing: Promise<void> | undefined;
  const report = options.onError ?? ((error) => console.error(error));
  // Once closing, the refund server may already be gone: a refresh failing then is expected.
  const onError = (error: unknown) => {
    if (!closing) report(error);
  };

  // Refreshes of one payment run one after another, so the last view pushed is the newest.
  const refreshing = new Map<string, Promise<void>>();
  const pushPayment = (id: string) => {
    const previous = refreshing.get(id) ?? Promise.resolve();
    const next = previous.then(async () => {
      if (!gateway) return;
      hub.send('payment', await onePayment(gateway.client, id));
    });
    const settled = next.catch(onError).finally(() => {
      if (refreshing.get(id) === settled) refreshing.delete(id);
    });
    refreshing.set(id, settled);
    return settled;
  };

  const ready = (): Gateway => {
    if (!gateway) throw new HttpError(503, 'starting', 'The refund server is still starting.');
    return gateway;
  };

  const config = () => ({
    ready: gateway !== undefined,
    serverUrl: gateway?.serverUrl ?? null,
    docsUrl: gateway?.docsUrl ?? null,
    openapiUrl: gateway ? `${gateway.serverUrl}/openapi.json` : null,
    storybookUrl: '/storybook/',
    storybookBuilt: options.storybook?.state === 'ready',
    refundDelayMs: options.refundDelayMs ?? null,
    livemode: false,
  });

  async function receiveWebhook(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { client } = ready();
    const body = await rawBody(req);
    const base = { receivedAt: Date.now(), duplicate: false };
    let entry: WebhookDelivery;
    try {
      const event = await client.webhooks.parse(body, req.headers);
      const duplicate = log.seen(event.id);
      entry = log.record({
        ...base,
        eventId: event.id,
        type: event.type,
        objectId: event.data.object.id,
        signature: 'valid',
        error: null,
        duplicate,
        status: 200,
      });
      sendJson(res, 200, { received: true, duplicate });
      hub.send('webhook', entry);
      if (duplicate) return;
      if (event.refund) {
        hub.send('refund', toRefund(event.refund));
        void pushPayment(event.refund.paymentId);
      } else {
        void pushPayment(event.data.object.id);
      }
    } catch (error) {
      if (!(error instanceof RefundkitSignatureError)) throw error;
      // What the body claims is untrusted; only its event id is kept, to tell deliveries apart.
      let claimed: { id?: unknown; type?: unknown } = {};
      try {
        claimed = JSON.parse(Buffer.from(body).toString('utf8'));
      } catch {}
      entry = log.record({
        ...base,
        eventId: typeof claimed.id === 'string' ? claimed.id.slice(0, 64) : null,
        type: typeof claimed.type === 'string' ? claimed.type.slice(0, 64) : null,
        objectId: null,
        signature: 'invalid',
        error: error.code ?? 'signature_invalid',
        status: 400,
      });
      sendError(res, new HttpError(400, error.code ?? 'signature_invalid', error.message));
      hub.send('webhook', entry);
    }
  }

  async function createRefund(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { client } = ready();
    const idempotencyKey = idempotencyKeyFrom(req.headers['idempotency-key']);
    const input = parseRefundRequest(await readJson(req));
    // No local policy check here: a retry whose first response was lost must reach the server's
    // idempotency store to get its refund back, and a check against the holds as they are now would
    // refuse it as an over-refund. The dialog checks with core as the user types; the server enforces.
    const refund = await client.refunds.create(
      {
        paymentId: input.paymentId,
        amount: input.amount,
        reason: input.reason,
        metadata: { source: 'dashboard', ...(input.note ? { note: input.note } : {}) },
      },
      { idempotencyKey },
    );
    const body = toRefund(refund);
    sendJson(res, 200, body);
    hub.send('refund', body);
    void pushPayment(body.paymentId);
  }

  async function api(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = req.method ?? 'GET';
    let parts: string[];
    try {
      parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      throw new HttpError(400, 'path_invalid', 'The path is not valid percent-encoding.');
    }
    const route = `${method} /${parts.map((p, i) => (i === 2 ? ':id' : p)).join('/')}`;
    requests.set(route, (requests.get(route) ?? 0) + 1);
    const [, resource, id, sub] = parts;
    if (method === 'GET' && resource === 'config' && !id) return sendJson(res, 200, config());
    if (method === 'GET' && resource === 'stats' && !id) {
      return sendJson(res, 200, { requests: Object.fromEntries(requests), streams: hub.size });
    }
    if (method === 'GET' && resource === 'events' && !id) {
      return hub.open(res, { event: 'hello', data: config() });
    }
    if (method === 'GET' && resource === 'webhooks' && !id) return sendJson(res, 200, { data: log.list() });
    if (resource === 'payments') {
      if (method === 'GET' && !id) return sendJson(res, 200, { data: await allPayments(ready().client) });
      if (method === 'GET' && id && !sub) return sendJson(res, 200, await onePayment(ready().client, id));
      if (method === 'GET' && id && sub === 'refunds' && parts.length === 4) {
        const { client } = ready();
        await client.checkoutSessions.retrieve(id); // an unknown payment is a 404, not an empty list
        return sendJson(res, 200, { data: await allRefunds(client, id) });
      }
    }
    if (resource === 'refunds' && !sub) {
      if (method === 'POST' && !id) return createRefund(req, res);
      if (method === 'GET' && !id) return sendJson(res, 200, { data: await allRefunds(ready().client) });
      if (method === 'GET' && id) {
        return sendJson(res, 200, toRefund(await ready().client.refunds.retrieve(id)));
      }
    }
    throw new HttpError(404, 'route_missing', `No route for ${method} ${path}.`);
  }

  async function page(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      throw new HttpError(405, 'method_not_allowed', `${method} is not allowed here.`);
    }
    if (path === '/storybook') {
      res.writeHead(308, { location: '/storybook/' }).end();
      return;
    }
    if (path.startsWith('/storybook/')) {
      const storybook = options.storybook;
      if (!storybook) throw new HttpError(404, 'not_found', 'This backend serves no Storybook.');
      if (storybook.state !== 'ready') {
        // 503 with Retry-After: the page is coming (or its build failed), it is not missing.
        res.writeHead(503, {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
          ...(storybook.state === 'failed' ? {} : { 'retry-after': '2' }),
        });
        res.end(method === 'HEAD' ? undefined : storybookPage(storybook.state, storybook.error));
        return;
      }
      const file = resolveFile(storybook.dir, path.slice('/storybook'.length));
      if (file) return sendFile(res, file, method);
      throw new HttpError(404, 'not_found', 'No such file.');
    }
    await options.webReady;
    const file = resolveFile(options.webDir, path);
    if (!file) throw new HttpError(404, 'not_found', 'No such file.');
    return sendFile(res, file, method);
  }

  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    let work: Promise<void>;
    if (path === '/webhooks') {
      work =
        req.method === 'POST'
          ? receiveWebhook(req, res)
          : Promise.reject(new HttpError(405, 'method_not_allowed', 'POST webhooks here.'));
    } else if (path === '/api' || path.startsWith('/api/')) {
      work = api(req, res, path);
    } else {
      work = page(req, res, path);
    }
    work.catch((error: unknown) => {
      const known = error instanceof HttpError ? error : fromSdk(error);
      if (!known) onError(error);
      if (res.headersSent) {
        res.end();
        return;
      }
      sendError(res, known ?? new HttpError(500, 'internal_error', 'The backend failed; see its log.'));
    });
  });
  server.listen(options.port, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url,
    port,
    webhookUrl: `${url}/webhooks`,
    log,
    attach(value) {
      gateway = value;
      hub.send('ready', config());
    },
    close() {
      closing ??= (async () => {
        hub.close();
        const closed = once(server, 'close');
        server.close();
        server.closeIdleConnections();
        // Anything still open after a moment (a browser's keep-alive socket) is cut.
        const timer = setTimeout(() => server.closeAllConnections(), 1000);
        await closed;
        clearTimeout(timer);
        await Promise.allSettled(refreshing.values());
      })();
      return closing;
    },
  };
}
