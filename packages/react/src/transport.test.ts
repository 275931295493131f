// @vitest-environment node
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { payment, refund } from './test/fixtures.js';
import { createFetchTransport, RefundRequestError } from './transport.js';

// A real HTTP backend on loopback that speaks the JSON contract of the README.
const paid = payment(5000);
const stored = refund(paid, 1200, 'pending', { id: 're_a/b' });
const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    const send = (status: number, data: unknown, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(typeof data === 'string' ? data : JSON.stringify(data));
    };
    if (req.method === 'POST' && req.url === '/api/refunds') {
      const input = JSON.parse(body);
      if (input.amount > 5000) {
        return send(400, {
          error: { code: 'amount_exceeds_refundable', message: 'Only 5000 is refundable.', param: 'amount' },
        });
      }
      return send(200, { ...stored, id: 're_new', amount: { amount: input.amount, currency: 'USD' } });
    }
    if (req.method === 'GET' && req.url === '/api/refunds/re_a%2Fb') return send(200, stored);
    if (req.method === 'GET' && req.url === '/api/refunds/re_html')
      return send(502, '<h1>Bad gateway</h1>', 'text/html');
    if (req.method === 'GET' && req.url === '/api/refunds/re_odd') return send(200, { id: 're_odd' });
    if (req.method === 'GET' && req.url === '/api/payments/pay_1/refunds')
      return send(200, { data: [stored] });
    return send(404, { error: { code: 'resource_missing', message: 'Not found.' } });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
});

afterAll(async () => {
  server.close();
  await once(server, 'close');
});

const caught = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error as RefundRequestError;
  }
  throw new Error('expected a rejection');
};

describe('createFetchTransport', () => {
  test('POST /refunds with a JSON body, the Idempotency-Key header and the caller’s headers', async () => {
    const transport = createFetchTransport({ baseUrl, headers: async () => ({ 'x-csrf-token': 't0k' }) });
    const created = await transport.createRefund({
      paymentId: 'pay_1',
      amount: 700,
      reason: 'duplicate',
      note: 'twice',
      idempotencyKey: 'rk_1',
    });
    expect(created.id).toBe('re_new');
    expect(created.amount.amount).toBe(700);
    const request = seen.at(-1)!;
    expect(request.method).toBe('POST');
    expect(JSON.parse(request.body)).toEqual({
      paymentId: 'pay_1',
      amount: 700,
      reason: 'duplicate',
      note: 'twice',
    });
    expect(request.headers['idempotency-key']).toBe('rk_1');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-csrf-token']).toBe('t0k');
  });

  test('GET /refunds/:id with the id encoded, and the payment’s refund list', async () => {
    const transport = createFetchTransport({ baseUrl, headers: { authorization: 'Bearer s' } });
    expect((await transport.getRefund('re_a/b')).status).toBe('pending');
    expect(seen.at(-1)!.headers['authorization']).toBe('Bearer s');
    expect((await transport.listRefunds!('pay_1')).map((r) => r.id)).toEqual(['re_a/b']);
  });

  test('an error body becomes a RefundRequestError with code, message, param and status', async () => {
    const transport = createFetchTransport({ baseUrl });
    const error = await caught(
      transport.createRefund({ paymentId: 'pay_1', amount: 9999, reason: null, idempotencyKey: 'rk_2' }),
    );
    expect(error).toBeInstanceOf(RefundRequestError);
    expect({ ...error, message: error.message }).toMatchObject({
      code: 'amount_exceeds_refundable',
      message: 'Only 5000 is refundable.',
      param: 'amount',
      status: 400,
    });
    expect((await caught(transport.getRefund('re_none'))).code).toBe('resource_missing');
  });

  test('a non-JSON failure, a malformed refund and an unreachable backend each have their code', async () => {
    const transport = createFetchTransport({ baseUrl });
    const html = await caught(transport.getRefund('re_html'));
    expect([html.code, html.status]).toEqual(['http_error', 502]);
    expect((await caught(transport.getRefund('re_odd'))).code).toBe('invalid_response');
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, 'close');
    const offline = createFetchTransport({ baseUrl: `http://127.0.0.1:${port}` });
    const error = await caught(offline.getRefund('re_1'));
    expect([error.code, error.status]).toEqual(['network_error', 0]);
  });

  test('an abort by the caller stays an abort', async () => {
    const transport = createFetchTransport({ baseUrl });
    const controller = new AbortController();
    controller.abort();
    const error = await caught(transport.getRefund('re_a/b', controller.signal));
    expect(error).not.toBeInstanceOf(RefundRequestError);
    expect((error as Error).name).toBe('AbortError');
  });
});
