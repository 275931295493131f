import { Agent, type ClientRequest, request } from 'node:http';

export interface RawResponse {
  status: number;
  text: string;
  /** Set when the connection failed before an answer arrived (allowed for oversized bodies only). */
  networkError?: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

// Bodies are written in pieces of this size, so an early answer stops the writing.
const CHUNK = 64 * 1024;

/**
 * Writes `body` piece by piece with backpressure until it is all sent or `stopped()` says an answer
 * has arrived: a server that refuses a body early (413 before reading it) answers and closes, and a
 * client that kept writing would meet EPIPE instead of reading that answer.
 */
async function writeBody(req: ClientRequest, body: Buffer, stopped: () => boolean): Promise<void> {
  for (let at = 0; at < body.length && !stopped(); at += CHUNK) {
    if (!req.write(body.subarray(at, at + CHUNK))) {
      await new Promise<void>((resolve) => {
        const done = () => {
          req.off('drain', done);
          req.off('close', done);
          resolve();
        };
        req.on('drain', done);
        req.on('close', done);
      });
      if (req.destroyed) return;
    }
  }
  if (!stopped() && !req.destroyed) req.end();
}

/**
 * One request with exactly these bytes and headers (fetch would normalize or refuse some of them).
 * An answer the server sends before the body is fully written is read and returned; a transport
 * error counts only when no answer arrived at all.
 */
export function rawRequest(
  baseUrl: string,
  input: { method: string; path: string; headers: Record<string, string>; body?: Buffer },
): Promise<RawResponse> {
  return new Promise((resolve) => {
    const url = new URL(baseUrl);
    let answered = false;
    let settled = false;
    const finish = (response: RawResponse) => {
      if (settled) return;
      settled = true;
      resolve(response);
    };
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: input.method,
        path: input.path,
        headers: { ...input.headers, ...(input.body ? { 'content-length': String(input.body.length) } : {}) },
        agent,
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          finish({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
          // A request cut short by its answer cannot go back to the pool.
          if (!req.writableFinished) req.destroy();
        });
        res.on('error', (error) => finish({ status: 0, text: '', networkError: error.message }));
        res.on('close', () => {
          if (!res.complete) finish({ status: 0, text: '', networkError: 'answer cut off' });
        });
      },
    );
    req.on('error', (error) => {
      // Once an answer is being read, it decides the outcome (its own error or its end).
      if (!answered) finish({ status: 0, text: '', networkError: error.message });
    });
    if (input.body) void writeBody(req, input.body, () => answered);
    else req.end();
  });
}
