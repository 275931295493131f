import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';

export interface DropStats {
  forwarded: number;
  /** Responses the server produced (so its work was done) that the client never received. */
  dropped: number;
}

export interface DroppingProxy {
  url: string;
  stats: DropStats;
  close(): Promise<void>;
}

const readAll = async (stream: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/**
 * A loopback HTTP proxy that forwards every request to `target()` and, with probability `dropRate`,
 * throws the complete response away and resets the client's connection: the server did the work,
 * the client saw a network error. This is the case an idempotency key exists for.
 */
export async function startDroppingProxy(
  target: () => string,
  { dropRate, random = Math.random }: { dropRate: number; random?: () => number },
): Promise<DroppingProxy> {
  const stats: DropStats = { forwarded: 0, dropped: 0 };
  const server: Server = createServer(async (req, res) => {
    try {
      const body = await readAll(req);
      const upstream = new URL(req.url ?? '/', target());
      const headers = { ...req.headers, host: upstream.host, 'content-length': String(body.length) };
      delete headers['connection'];
      const answer = await new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>(
        (resolve, reject) => {
          const out = httpRequest(upstream, { method: req.method, headers }, async (response) => {
            try {
              resolve({
                status: response.statusCode ?? 502,
                headers: response.headers,
                body: await readAll(response),
              });
            } catch (error) {
              reject(error);
            }
          });
          out.on('error', reject);
          out.end(body);
        },
      );
      stats.forwarded++;
      if (random() < dropRate) {
        stats.dropped++;
        req.socket.destroy();
        return;
      }
      const { connection: _c, 'transfer-encoding': _t, ...rest } = answer.headers;
      res.writeHead(answer.status, { ...rest, 'content-length': String(answer.body.length) });
      res.end(answer.body);
    } catch {
      // The upstream is down (a restart): the client sees a reset, as it would without the proxy.
      req.socket.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
