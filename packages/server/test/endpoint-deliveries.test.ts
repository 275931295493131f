import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { api, backends, startServer, waitFor } from './helpers.js';

describe.each(backends)("registered endpoints' deliveries on $name", (backend) => {
  let server: RunningServer;
  let closeBackend: () => Promise<void>;
  const received: IncomingHttpHeaders[] = [];
  // An endpoint that is down: every delivery to it fails.
  const down = createHttpServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received.push(request.headers);
      response.writeHead(500).end();
    });
  });

  const stripe = (method: string, path: string, body?: unknown) =>
    api(server).request(method, `/stripe${path}`, { body });

  beforeAll(async () => {
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
    const opened = await backend.open();
    closeBackend = opened.close;
    server = await startServer({ ...opened.options, webhookRetryScale: 0.001, pollIntervalMs: 50 });
  });
  afterAll(async () => {
    await server?.close();
    await closeBackend?.();
    await new Promise<void>((resolve) => down.close(() => resolve()));
  });

  it('retries a failing endpoint on the shared schedule, and gives up at once when it is deleted', async () => {
    const { port } = down.address() as AddressInfo;
    const endpoint = await stripe('POST', '/v1/webhook_endpoints', {
      url: `http://127.0.0.1:${port}/down`,
      enabled_events: ['refund.created'],
    });
    expect(endpoint.status).toBe(200);
    const intent = await stripe('POST', '/v1/payment_intents', {
      amount: 1000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    expect(intent).toMatchObject({ status: 200, body: { status: 'succeeded' } });
    expect(
      (await stripe('POST', '/v1/refunds', { payment_intent: intent.body.id, amount: 100 })).status,
    ).toBe(200);

    const delivery = () =>
      server.db
        .selectFrom('endpoint_deliveries')
        .selectAll()
        .where('endpoint_id', '=', endpoint.body.id)
        .executeTakeFirst();
    const retrying = await waitFor(async () => {
      const row = await delivery();
      return row !== undefined && row.attempts >= 2 && row;
    }, 'the delivery to fail twice');
    expect(retrying).toMatchObject({ status: 'pending', last_status_code: 500, last_error: 'HTTP 500' });
    expect(received.length).toBeGreaterThanOrEqual(2);
    expect(
      received.every((headers) => /^t=\d+,v1=[0-9a-f]{64}$/.test(String(headers['stripe-signature']))),
    ).toBe(true);

    expect((await stripe('DELETE', `/v1/webhook_endpoints/${endpoint.body.id}`)).status).toBe(200);
    const given = await waitFor(async () => {
      const row = await delivery();
      return row?.status === 'failed' && row;
    }, 'the delivery to be given up');
    // The attempt that found the endpoint gone posted nothing; every other one reached it.
    expect(given).toMatchObject({ last_status_code: null, last_error: 'endpoint deleted' });
    expect(given.attempts).toBe(received.length + 1);
  });
});
