import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { type Api, api, backends, paidSession, startServer, waitFor } from './helpers.js';

describe.each(backends)('refunds on $name', (backend) => {
  let server: RunningServer;
  let client: Api;
  let closeBackend: () => Promise<void>;

  beforeAll(async () => {
    const opened = await backend.open();
    closeBackend = opened.close;
    server = await startServer(opened.options);
    client = api(server);
  });
  afterAll(async () => {
    await server?.close();
    await closeBackend?.();
  });

  it('creates a pending refund exactly as the seed shows, then the processor succeeds it', async () => {
    const session = await paidSession(client);
    const created = await client.post('/v1/refunds', {
      amount: 1000,
      session_id: session.id,
      reason: 'requested_by_customer',
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{19}$/),
      amount: 1000,
      status: 'pending',
      reason: 'requested_by_customer',
      created_at: expect.any(Number),
      livemode: false,
      session_id: session.id,
      currency: 'pln',
      metadata: {},
      failure_reason: null,
      updated_at: expect.any(Number),
    });
    const done = await waitFor(async () => {
      const got = await client.get(`/v1/refunds/${created.body.id}`);
      return got.body.status === 'succeeded' && got.body;
    }, 'refund to succeed');
    expect(done.failure_reason).toBeNull();
    const after = await client.get(`/v1/checkout/sessions/${session.id}`);
    expect(after.body.amount_refunded).toBe(1000);
  });
});
