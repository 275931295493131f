import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, inject } from 'vitest';
import {
  type ClientConfig,
  createClient,
  type RefundkitClient,
  RefundkitError,
  RefundkitSignatureError,
} from '../src/index.js';
import { rawBody } from '../src/node.js';

export interface RunningServer {
  url: string;
  keys: { test: string; live: string };
}

/** The real server the global setup started (test/global-setup.ts). */
export const testServer = (): RunningServer => inject('server');

export function clientFor(
  server: RunningServer,
  overrides: Partial<Omit<ClientConfig, 'dialect'>> = {},
): RefundkitClient {
  return createClient({
    dialect: 'convergegate',
    baseUrl: server.url,
    secretKey: server.keys.test,
    // Short waits keep fault tests quick; the schedule itself is what is under test, not its length.
    backoff: { initialMs: 20, maxMs: 200 },
    ...overrides,
  });
}

/** The typed error a call was refused with; anything else it threw is rethrown as it was. */
export async function caught(promise: Promise<unknown>): Promise<RefundkitError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RefundkitError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** The `code` of the signature error a webhook check was refused with, or `null` when it passed. */
export async function signatureCode(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(RefundkitSignatureError);
    return (error as RefundkitSignatureError).code;
  }
}

let sequence = 0;

/** A checkout session the customer has paid (a BLIK code that completes at once). */
export async function paidSession(
  client: RefundkitClient,
  amount = 10_000,
  currency = 'pln',
  notificationUrl?: string,
) {
  sequence += 1;
  const session = await client.checkoutSessions.create({
    amount,
    currency,
    customer_email: `buyer${sequence}@example.com`,
    customer_firstname: 'Jan',
    customer_lastname: 'Kowalski',
    success_url: 'https://shop.example/thanks',
    notification_url: notificationUrl,
    metadata: { order: `order-${sequence}` },
  });
  const paid = await client.checkoutSessions.pay(session.id, { blik_code: '123456' });
  if (paid.status !== 'completed') throw new Error(`expected a completed session, got ${paid.status}`);
  return paid;
}

export interface Delivery {
  body: Buffer;
  headers: IncomingHttpHeaders;
  path: string;
}

/** A loopback webhook receiver that keeps the exact bytes and headers of every delivery. */
export class Receiver {
  readonly deliveries: Delivery[] = [];
  private server: Server | null = null;
  url = '';
  private waiters: (() => void)[] = [];

  async start(): Promise<this> {
    const server = createHttpServer(async (req, res) => {
      const body = Buffer.from(await rawBody(req));
      this.deliveries.push({ body, headers: req.headers, path: req.url ?? '/' });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
      for (const wake of this.waiters.splice(0)) wake();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    return this;
  }

  /** Waits (by condition, not by clock) until a delivery satisfies `match`. */
  async waitFor(match: (delivery: Delivery) => boolean, timeoutMs = 30_000): Promise<Delivery> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.deliveries.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no matching webhook within ${timeoutMs} ms (${this.deliveries.length} seen)`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

export function eventType(delivery: Delivery): string {
  return (JSON.parse(delivery.body.toString('utf8')) as { type: string }).type;
}
