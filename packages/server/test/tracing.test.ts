import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { Loop } from '../src/workers/loop.js';
import { api, paidSession, startServer, waitFor } from './helpers.js';

/** The real OTel SDK registered in this process, as `node --import ./otel.mjs` would. */
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const contextManager = new AsyncLocalStorageContextManager();

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const childrenOf = (spans: ReadableSpan[], parent: ReadableSpan) =>
  spans.filter((s) => parentOf(s) === parent.spanContext().spanId);

describe('OpenTelemetry spans with an SDK registered', () => {
  let server: RunningServer;
  let hook: Server;
  let hookUrl: string;
  const traceparents: string[] = [];

  beforeAll(async () => {
    context.setGlobalContextManager(contextManager.enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);
    hook = createHttpServer((request, response) => {
      traceparents.push(String(request.headers['traceparent']));
      request.resume();
      request.on('end', () => response.end());
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
    server = await startServer({ inMemory: true, refundDelayMs: 0, pollIntervalMs: 50 });
  });
  afterAll(async () => {
    await server?.close();
    await new Promise<void>((resolve) => hook.close(() => resolve()));
    trace.disable();
    propagation.disable();
    context.disable();
    await provider.shutdown();
  });

  it('makes a server span per request, with the route template, status and dialect', async () => {
    const client = api(server);
    const paid = await paidSession(client);
    exporter.reset();
    const refund = await client.post('/v1/refunds', { session_id: paid.id, amount: 100 });
    expect(refund.status).toBe(200);
    const missing = await client.get('/v1/refunds/re_missing');
    expect(missing.status).toBe(404);
    const spans = exporter.getFinishedSpans();
    const servers = spans.filter((s) => s.kind === SpanKind.SERVER);
    const post = servers.find((s) => s.name === 'POST /v1/refunds')!;
    expect(post.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/v1/refunds',
      'http.response.status_code': 200,
      'url.path': '/v1/refunds',
      'refundkit.dialect': 'convergegate',
    });
    expect(parentOf(post)).toBeUndefined();
    const get = servers.find((s) => s.name === 'GET /v1/refunds/:id')!;
    expect(get.attributes).toMatchObject({
      'http.route': '/v1/refunds/:id',
      'http.response.status_code': 404,
    });

    // The refund's transaction is the request's child, in the same trace.
    const [transaction] = childrenOf(spans, post);
    expect(transaction).toBeDefined();
    expect(transaction!.name).toBe('db transaction');
    expect(transaction!.kind).toBe(SpanKind.CLIENT);
    expect(transaction!.spanContext().traceId).toBe(post.spanContext().traceId);
    expect(transaction!.attributes).toMatchObject({
      'db.system.name': 'postgresql',
      'refundkit.db.outcome': 'commit',
      'refundkit.storage': 'pglite',
    });
  });

  it('continues the trace of an incoming traceparent', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parentId = '00f067aa0ba902b7';
    exporter.reset();
    const response = await fetch(`${server.url}/v1/refunds`, {
      headers: {
        authorization: `Bearer ${server.keys.test}`,
        traceparent: `00-${traceId}-${parentId}-01`,
      },
    });
    expect(response.status).toBe(200);
    const span = exporter.getFinishedSpans().find((s) => s.name === 'GET /v1/refunds')!;
    expect(span.spanContext().traceId).toBe(traceId);
    expect(parentOf(span)).toBe(parentId);
  });

  it("runs a worker's tick outside the context of whoever woke it, at once or on a timer", async () => {
    const seen: (string | undefined)[] = [];
    let ticks = 0;
    const loop = new Loop(
      async () => {
        seen.push(trace.getActiveSpan()?.spanContext().spanId);
        ticks += 1;
        return ticks === 1 ? 5 : undefined;
      },
      60_000,
      (error) => {
        throw error;
      },
    );
    const tracer = trace.getTracer('test');
    // Woken from inside a request's span: once at once, then (as the first tick asks) 5 ms later
    // from a timer armed while that span was active.
    tracer.startActiveSpan('a request', (span) => {
      loop.wake();
      span.end();
    });
    await waitFor(async () => (ticks >= 2 ? true : undefined), 'two ticks');
    await loop.stop();
    expect(seen).toEqual([undefined, undefined]);
  });

  it('makes a span per webhook attempt, parent of the transaction that records it, and propagates it', async () => {
    const client = api(server);
    exporter.reset();
    const session = await client.post('/v1/checkout/sessions', {
      amount: 1000,
      currency: 'pln',
      customer_email: 'jane@example.com',
      customer_firstname: 'Jane',
      customer_lastname: 'Doe',
      success_url: 'https://shop.example/success',
      notification_url: `${hookUrl}?token=secret`,
    });
    expect(session.status).toBe(200);
    const attempt = await waitFor(
      async () =>
        exporter
          .getFinishedSpans()
          .find(
            (s) => s.kind === SpanKind.CLIENT && s.name === 'POST' && s.attributes['url.full'] !== undefined,
          ),
      'the webhook attempt span',
    );
    expect(attempt.attributes).toMatchObject({
      'http.request.method': 'POST',
      'url.full': hookUrl,
      'server.address': '127.0.0.1',
      'http.response.status_code': 200,
      'refundkit.webhook.queue': 'webhook_url',
      'refundkit.webhook.attempt': 1,
      'refundkit.webhook.outcome': 'delivered',
    });
    // Its own trace (a worker's, not a request's), with the write of the outcome under it.
    expect(parentOf(attempt)).toBeUndefined();
    const spans = exporter.getFinishedSpans();
    expect(childrenOf(spans, attempt).map((s) => s.name)).toEqual(['db transaction']);
    // The receiver got the attempt's context.
    expect(traceparents).toContain(`00-${attempt.spanContext().traceId}-${attempt.spanContext().spanId}-01`);
  });
});
