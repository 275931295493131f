import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Payment, Refund } from '@refundkit/core';
import { type CheckoutSession, isRefundkitError, type RefundkitClient } from '@refundkit/sdk';

/**
 * The merchant's backend in its smallest form, for tests against the real refund server: it holds the
 * secret key (inside `client`) and speaks the JSON contract of `createFetchTransport` on loopback.
 * `loseNextCreateResponse()` makes it carry out the next refund and then cut the connection instead of
 * answering, as a proxy that times out would: the dialog sees a network error although the refund exists.
 */
export interface LoopbackBackend {
  readonly url: string;
  /** Every request, in order, with its Idempotency-Key when it had one. */
  readonly requests: {
    method: string;
    path: string;
    idempotencyKey: string | undefined;
    /** The refund's payment, for `POST /api/refunds`. */
    paymentId?: string;
  }[];
  loseNextCreateResponse(): void;
  close(): Promise<void>;
}

/** A ConvergeGate checkout session as core's canonical payment. */
export function paymentOf(session: CheckoutSession): Payment {
  const paid = session.status === 'completed';
  return {
    id: session.id,
    dialect: 'convergegate',
    amount: { amount: session.amount_total, currency: session.currency.toUpperCase() },
    captured: paid ? session.amount_total : 0,
    refunded: session.amount_refunded,
    state: paid ? 'succeeded' : session.status === 'expired' ? 'expired' : 'requires_payment',
    livemode: session.livemode,
    createdAt: session.created_at,
  };
}

/** Only the canonical fields: the SDK's result also carries the raw object and response details. */
const canonical = (r: Refund): Refund => ({
  id: r.id,
  dialect: r.dialect,
  paymentId: r.paymentId,
  amount: { amount: r.amount.amount, currency: r.amount.currency },
  status: r.status,
  reason: r.reason,
  reasonText: r.reasonText,
  metadata: r.metadata,
  failureReason: r.failureReason,
  livemode: r.livemode,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly param?: string,
  ) {
    super(message);
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += chunk;
  try {
    const body = JSON.parse(text) as unknown;
    if (typeof body === 'object' && body !== null && !Array.isArray(body))
      return body as Record<string, unknown>;
  } catch {}
  throw new HttpError(400, 'body_invalid', 'The body must be a JSON object.');
}

const send = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

export async function startLoopbackBackend(client: RefundkitClient): Promise<LoopbackBackend> {
  const requests: LoopbackBackend['requests'] = [];
  let loseNext = false;

  async function route(req: IncomingMessage, res: ServerResponse, path: string) {
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    const header = req.headers['idempotency-key'];
    const idempotencyKey = Array.isArray(header) ? header[0] : header;
    const seen: LoopbackBackend['requests'][number] = { method: req.method ?? '', path, idempotencyKey };
    requests.push(seen);
    const [api, resource, id, sub] = parts;
    if (api !== 'api') throw new HttpError(404, 'route_missing', `No route for ${path}.`);
    if (req.method === 'POST' && resource === 'refunds' && !id) {
      if (!idempotencyKey) throw new HttpError(400, 'parameter_missing', 'Idempotency-Key is required.');
      const body = await readJson(req);
      seen.paymentId = String(body['paymentId']);
      const note = typeof body['note'] === 'string' ? body['note'] : undefined;
      const refund = await client.refunds.create(
        {
          paymentId: String(body['paymentId']),
          amount: body['amount'] as number,
          reason: (body['reason'] ?? null) as Refund['reason'],
          ...(note ? { metadata: { note } } : {}),
        },
        // The browser's key goes to the gateway: a retried attempt can never refund twice.
        { idempotencyKey: `dashboard-${idempotencyKey}` },
      );
      if (loseNext) {
        loseNext = false;
        res.socket?.destroy();
        return;
      }
      return send(res, 200, canonical(refund));
    }
    if (req.method === 'GET' && resource === 'refunds' && id && !sub) {
      return send(res, 200, canonical(await client.refunds.retrieve(id)));
    }
    if (req.method === 'GET' && resource === 'payments' && id && !sub) {
      return send(res, 200, paymentOf(await client.checkoutSessions.retrieve(id)));
    }
    if (req.method === 'GET' && resource === 'payments' && id && sub === 'refunds') {
      const list: Refund[] = [];
      for await (const refund of await client.refunds.list({ paymentId: id, limit: 100 })) {
        list.push(canonical(refund));
      }
      return send(res, 200, { data: list });
    }
    throw new HttpError(404, 'route_missing', `No route for ${req.method} ${path}.`);
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://backend').pathname;
    route(req, res, path).catch((error: unknown) => {
      if (error instanceof HttpError) {
        return send(res, error.status, {
          error: { code: error.code, message: error.message, param: error.param },
        });
      }
      if (isRefundkitError(error)) {
        // The gateway's refusal, passed on with its status, code and words.
        const status = (error.statusCode ?? 0) >= 500 || !error.statusCode ? 502 : error.statusCode;
        return send(res, status, {
          error: { code: error.code ?? error.type, message: error.message, param: error.param ?? undefined },
        });
      }
      send(res, 500, { error: { code: 'internal_error', message: String(error) } });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    loseNextCreateResponse() {
      loseNext = true;
    },
    async close() {
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}
