import { createServer, type Server } from 'node:http';
import { type Readiness, readyzReply } from './health.js';
import type { Metrics } from './metrics.js';

export interface MetricsListener {
  url: string;
  close(): Promise<void>;
}

/**
 * The metrics on a listener of their own (`--metrics-port`), by default on loopback only: what
 * the scrape shows (queue depth, volumes by currency) is for the operator, not for the API's
 * clients. It answers `/healthz` and `/readyz` too, and stays up while the API drains, so a probe
 * sees the drain.
 */
export async function listenMetrics(
  metrics: Metrics,
  options: { port: number; host: string; readiness: () => Promise<Readiness> },
): Promise<MetricsListener> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?', 1)[0];
    const send = (statusCode: number, type: string, body: string) => {
      response.writeHead(statusCode, { 'content-type': type }).end(body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return send(405, 'text/plain; charset=utf-8', 'Method Not Allowed\n');
    }
    if (path === '/metrics') {
      metrics.registry.metrics().then(
        (text) => send(200, metrics.registry.contentType, text),
        (error: unknown) => send(500, 'text/plain; charset=utf-8', `${String(error)}\n`),
      );
      return;
    }
    if (path === '/healthz') return send(200, 'application/json; charset=utf-8', '{"status":"ok"}');
    if (path === '/readyz') {
      options.readiness().then((state) => {
        const reply = readyzReply(state);
        send(reply.statusCode, 'application/json; charset=utf-8', JSON.stringify(reply.body));
      });
      return;
    }
    send(404, 'text/plain; charset=utf-8', 'Not Found: try /metrics\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
