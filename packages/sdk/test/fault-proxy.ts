import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What the proxy does to one request:
 * - `pass`: forward it and relay the answer;
 * - `drop-after-commit`: forward it, read the server's whole answer, then cut the client's connection
 *   without a byte of it (the server has committed; the client never learns);
 * - `drop-before`: cut the connection before anything reaches the server;
 * - `respond`: answer itself with `status`, `headers`, `body`, never reaching the server;
 * - `delay`: forward it, then hold the answer back for `ms` before relaying it;
 * - `stall-body`: forward it, send the answer's headers, then hold the body back for `ms`.
 */
export type Fault =
  | { kind: 'pass' }
  | { kind: 'drop-after-commit' }
  | { kind: 'drop-before' }
  | { kind: 'respond'; status: number; headers?: Record<string, string>; body?: string }
  | { kind: 'delay'; ms: number }
  | { kind: 'stall-body'; ms: number };

export interface Rule {
  method?: string;
  /** Matches the path (query excluded) exactly, or by a RegExp. */
  path?: string | RegExp;
  fault: Fault;
  /** How many matching requests it applies to; then it is spent. Default 1. */
  times?: number;
}

export interface SeenRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  fault: Fault['kind'];
}

/**
 * A fault-injecting HTTP proxy on loopback, over real sockets, between the SDK and the real server.
 * Rules are consumed in order; requests no rule matches pass through.
 */
export class FaultProxy {
  readonly seen: SeenRequest[] = [];
  private rules: (Rule & { left: number })[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private server: Server | null = null;
  url = '';

  constructor(private readonly upstream: string) {}

  async start(): Promise<this> {
    const server = createServer((req, res) => this.handle(req, res));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  plan(...rules: Rule[]): void {
    this.rules.push(...rules.map((rule) => ({ ...rule, left: rule.times ?? 1 })));
  }

  reset(): void {
    this.rules = [];
    this.seen.length = 0;
  }

  /** Requests that reached the proxy for this method and path. */
  hits(method: string, path: string): SeenRequest[] {
    return this.seen.filter((r) => r.method === method && r.path === path);
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private take(method: string, path: string): Fault {
    const rule = this.rules.find(
      (r) =>
        r.left > 0 &&
        (r.method === undefined || r.method === method) &&
        (r.path === undefined || (typeof r.path === 'string' ? r.path === path : r.path.test(path))),
    );
    if (!rule) return { kind: 'pass' };
    rule.left -= 1;
    return rule.fault;
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0] as string;
    const fault = this.take(method, path);
    const key = req.headers['idempotency-key'];
    this.seen.push({ method, path, idempotencyKey: typeof key === 'string' ? key : null, fault: fault.kind });

    if (fault.kind === 'drop-before') {
      req.socket.destroy();
      return;
    }
    if (fault.kind === 'respond') {
      req.resume();
      req.on('end', () => {
        res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
        res.end(fault.body ?? '');
      });
      return;
    }
    const target = new URL(req.url ?? '/', this.upstream);
    const upstream = httpRequest(
      target,
      { method, headers: { ...req.headers, host: target.host } },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          const headers = { ...answer.headers };
          delete headers['transfer-encoding'];
          headers['content-length'] = String(body.length);
          const relay = () => {
            if (res.destroyed) return;
            res.writeHead(answer.statusCode ?? 502, headers);
            res.end(body);
          };
          if (fault.kind === 'drop-after-commit') req.socket.destroy();
          else if (fault.kind === 'delay') this.later(fault.ms, relay);
          else if (fault.kind === 'stall-body') {
            res.writeHead(answer.statusCode ?? 502, headers);
            res.flushHeaders();
            this.later(fault.ms, () => {
              if (!res.destroyed) res.end(body);
            });
          } else relay();
        });
      },
    );
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  }
}
