import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  parseWebhook,
  type RefundkitSignatureError,
  rawBodyFromRequest,
  verifyWebhook,
  type WebhookEvent,
} from '../src/index.js';
import { expressRawBody, fastifyRawBody } from '../src/node.js';
import {
  clientFor,
  type Delivery,
  eventType,
  paidSession,
  Receiver,
  type RunningServer,
  signatureCode,
  testServer,
} from './helpers.js';

const server: RunningServer = testServer();
let receiver: Receiver;

beforeAll(async () => {
  receiver = await new Receiver().start();
});

afterAll(async () => {
  await receiver?.close();
});

const header = (d: Delivery, name: string) => d.headers[name] as string;

describe('webhooks the server really sent', () => {
  let refundEvent: Delivery;
  let sessionEvent: Delivery;
  let refundId: string;

  beforeAll(async () => {
    const client = clientFor(server);
    // The session's own notification_url: this file's receiver gets its events, and only those.
    const session = await paidSession(client, 10_000, 'pln', receiver.url);
    const refund = await client.refunds.create({
      paymentId: session.id,
      amount: 321,
      reason: 'duplicate',
      metadata: { sandbox_outcome: 'succeeded' },
    });
    refundId = refund.id;
    sessionEvent = await receiver.waitFor(
      (d) => eventType(d) === 'checkout.session.completed' && d.body.toString().includes(session.id),
    );
    refundEvent = await receiver.waitFor(
      (d) => eventType(d) === 'refund.succeeded' && d.body.toString().includes(refundId),
    );
  });

  it('verify and parse them with the client key, typed, refund events carrying the canonical refund', async () => {
    const client = clientFor(server);
    for (const delivery of receiver.deliveries) await client.webhooks.verify(delivery.body, delivery.headers);

    const event = await client.webhooks.parse(refundEvent.body, refundEvent.headers);
    expect(event.type).toBe('refund.succeeded');
    if (event.type !== 'refund.succeeded') throw new Error('narrowing');
    expect(event.data.object.id).toBe(refundId);
    expect(event.data.object.reason).toBe('duplicated');
    expect(event.refund).toMatchObject({ id: refundId, status: 'succeeded', reason: 'duplicate' });
    expect(event.refund.amount).toEqual({ amount: 321, currency: 'PLN' });

    const completed: WebhookEvent = await parseWebhook(sessionEvent.body, sessionEvent.headers, {
      secretKey: server.keys.test,
    });
    expect(completed.refund).toBeNull();
    expect(completed.data.object).toHaveProperty('status', 'completed');
  });

  it('the timestamp is Unix seconds, the signature lowercase hex', () => {
    expect(header(refundEvent, 'sec-timestamp')).toMatch(/^\d{10}$/);
    expect(header(refundEvent, 'sec-signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a tampered body, a wrong key and a stale timestamp are refused, each with its code', async () => {
    const key = server.keys.test;
    const tampered = Buffer.from(refundEvent.body.toString().replace('"amount":321', '"amount":32100'));
    expect(tampered.equals(refundEvent.body)).toBe(false);
    expect(await signatureCode(verifyWebhook(tampered, refundEvent.headers, { secretKey: key }))).toBe(
      'signature_mismatch',
    );
    expect(
      await signatureCode(
        verifyWebhook(refundEvent.body, refundEvent.headers, { secretKey: server.keys.live }),
      ),
    ).toBe('signature_mismatch');
    const sentAt = Number(header(refundEvent, 'sec-timestamp'));
    expect(
      await signatureCode(
        verifyWebhook(refundEvent.body, refundEvent.headers, { secretKey: key, nowSec: sentAt + 301 }),
      ),
    ).toBe('timestamp_outside_tolerance');
    expect(
      await signatureCode(
        clientFor(server).webhooks.verify(refundEvent.body, refundEvent.headers, {
          toleranceSec: 60,
          nowSec: sentAt + 61,
        }),
      ),
    ).toBe('timestamp_outside_tolerance');
    // A signature copied onto a fresh timestamp does not verify: the timestamp is signed.
    const moved = { ...refundEvent.headers, 'sec-timestamp': String(sentAt + 1) };
    expect(
      await signatureCode(verifyWebhook(refundEvent.body, moved, { secretKey: key, nowSec: sentAt })),
    ).toBe('signature_mismatch');
  });

  it('also in base64, as a fetch Request, through Express and Fastify receivers', async () => {
    const key = server.keys.test;
    const b64 = Buffer.from(header(refundEvent, 'sec-signature'), 'hex').toString('base64');
    await verifyWebhook(
      refundEvent.body,
      { ...refundEvent.headers, 'sec-signature': b64 },
      { secretKey: key },
    );

    // A fetch-style handler (edge, Next.js route handlers) gets a Request.
    const request = new Request('http://127.0.0.1/hooks', {
      method: 'POST',
      headers: {
        'sec-timestamp': header(refundEvent, 'sec-timestamp'),
        'sec-signature': header(refundEvent, 'sec-signature'),
      },
      body: new Uint8Array(refundEvent.body),
    });
    const fromRequest = await parseWebhook(await rawBodyFromRequest(request), request.headers, {
      secretKey: key,
    });
    expect(fromRequest.id).toEqual(expect.any(String));

    // Replays the delivery byte for byte to a framework receiver and returns what it answered.
    const replay = async (url: string) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'sec-timestamp': header(refundEvent, 'sec-timestamp'),
          'sec-signature': header(refundEvent, 'sec-signature'),
        },
        body: new Uint8Array(refundEvent.body),
      });
      return { status: res.status, body: (await res.json()) as { type?: string; code?: string } };
    };

    const app = express();
    app.post('/hooks', express.raw({ type: 'application/json' }), async (req, res) => {
      try {
        const event = await parseWebhook(expressRawBody(req), req.headers, { secretKey: key });
        res.json({ type: event.type });
      } catch (error) {
        res.status(400).json({ code: (error as RefundkitSignatureError).code });
      }
    });
    app.post('/parsed', express.json(), (req, res) => {
      try {
        expressRawBody(req);
        res.json({});
      } catch (error) {
        res.status(400).json({ code: (error as RefundkitSignatureError).code });
      }
    });
    const listening = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => listening.once('listening', () => resolve()));
    const expressUrl = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
    try {
      expect(await replay(`${expressUrl}/hooks`)).toEqual({
        status: 200,
        body: { type: 'refund.succeeded' },
      });
      expect(await replay(`${expressUrl}/parsed`)).toEqual({
        status: 400,
        body: { code: 'raw_body_unavailable' },
      });
    } finally {
      listening.closeAllConnections();
      await new Promise<void>((resolve) => listening.close(() => resolve()));
    }

    const fastify = Fastify();
    await fastify.register(async (scope) => {
      fastifyRawBody(scope);
      scope.post('/hooks', async (req, reply) => {
        try {
          const event = await parseWebhook(req.body as Buffer, req.headers, { secretKey: key });
          return { type: event.type };
        } catch (error) {
          return reply.code(400).send({ code: (error as RefundkitSignatureError).code });
        }
      });
    });
    // Outside the scope JSON is still parsed as usual.
    fastify.post('/json', async (req) => ({ type: typeof req.body }));
    const fastifyUrl = await fastify.listen({ port: 0, host: '127.0.0.1' });
    try {
      expect(await replay(`${fastifyUrl}/hooks`)).toEqual({
        status: 200,
        body: { type: 'refund.succeeded' },
      });
      expect(await replay(`${fastifyUrl}/json`)).toEqual({ status: 200, body: { type: 'object' } });
    } finally {
      await fastify.close();
    }
  });
});
