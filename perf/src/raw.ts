import { Agent, request } from 'node:http';

export interface RawResponse {
  status: number;
  text: string;
  /** Set when the server closed the connection instead of answering (allowed for oversized bodies). */
  networkError?: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

/** One request with exactly these bytes and headers (fetch would normalize or refuse some of them). */
export function rawRequest(
  baseUrl: string,
  input: { method: string; path: string; headers: Record<string, string>; body?: Buffer },
): Promise<RawResponse> {
  return new Promise((resolve) => {
    const url = new URL(baseUrl);
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
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', (error) => resolve({ status: 0, text: '', networkError: error.message }));
      },
    );
    req.on('error', (error) => resolve({ status: 0, text: '', networkError: error.message }));
    req.end(input.body);
  });
}
