import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How the proxy treats `POST /v1/refunds`:
 * - `pass`: forwards it.
 * - `hold`: forwards it (the gateway accepts the refund) and then never answers, until the caller
 *   gives up: a gateway call that times out after the gateway acted.
 * - `fail`: adds `metadata[sandbox_outcome]=failed`, the refundkit server's sandbox trigger for a
 *   refund the bank rejects later.
 */
export type RefundMode = 'pass' | 'hold' | 'fail';

export interface LoopbackProxy {
  /** Base URL of the proxy (`http://127.0.0.1:<port>`). */
  url: string;
  refundMode: RefundMode;
  /** Refund creations the gateway accepted while their answer was held back. */
  held: number;
  /** The `Idempotency-Key` header of every refund creation that went through, in order. */
  refundKeys: string[];
  /** Swallow webhooks (answer 200, deliver nothing): a store that never hears from the gateway. */
  dropHooks: boolean;
  /** Keep webhooks waiting (delivered, in order, at `releaseHooks`): a test decides what Medusa sees first. */
  holdHooks(): void;
  releaseHooks(): void;
  /** Where `/hooks/*` goes (the Medusa app); set once Medusa has booted. */
  hooksTarget: string | null;
  /** Where everything else goes (the refundkit server). */
  gatewayTarget: string | null;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * One loopback HTTP server in front of both sides: the provider talks to the gateway through it,
 * and the gateway's webhooks reach Medusa through it. Both ends can then start in any order.
 */
export async function startProxy(): Promise<LoopbackProxy> {
  let hookGate: Promise<void> | null = null;
  let openGate = () => {};
  const proxy: LoopbackProxy = {
    url: '',
    refundMode: 'pass',
    held: 0,
    refundKeys: [],
    dropHooks: false,
    holdHooks() {
      hookGate ??= new Promise<void>((resolve) => {
        openGate = resolve;
      });
    },
    releaseHooks() {
      hookGate = null;
      openGate();
    },
    hooksTarget: null,
    gatewayTarget: null,
    close: async () => undefined,
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = req.url ?? '/';
    const isHook = path.startsWith('/hooks/');
    if (isHook && proxy.dropHooks) {
      await readBody(req);
      res.writeHead(200).end('OK');
      return;
    }
    if (isHook && hookGate) await hookGate;
    const target = isHook ? proxy.hooksTarget : proxy.gatewayTarget;
    if (!target) {
      res.writeHead(503).end('proxy target not set');
      return;
    }
    let body = await readBody(req);
    const isRefundCreate = req.method === 'POST' && path.split('?')[0] === '/v1/refunds';
    const mode = isRefundCreate ? proxy.refundMode : 'pass';
    if (isRefundCreate) proxy.refundKeys.push(String(req.headers['idempotency-key'] ?? ''));
    if (mode === 'fail') {
      body = Buffer.concat([body, Buffer.from(`${body.length ? '&' : ''}metadata[sandbox_outcome]=failed`)]);
    }
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value === undefined || ['host', 'content-length', 'connection'].includes(key)) continue;
      headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const upstream = await fetch(target + path, {
      method: req.method ?? 'GET',
      headers,
      body: req.method === 'GET' || req.method === 'HEAD' ? null : new Uint8Array(body),
    });
    const answer = Buffer.from(await upstream.arrayBuffer());
    if (mode === 'hold') {
      // The gateway has the refund; the caller never hears about it. Wait for the caller to give up.
      proxy.held += 1;
      return;
    }
    const out: Record<string, string> = {};
    upstream.headers.forEach((value, key) => {
      if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(key))
        out[key] = value;
    });
    res.writeHead(upstream.status, out).end(answer);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    });
  return proxy;
}
