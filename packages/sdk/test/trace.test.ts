import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, propagation, ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TraceState, W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otelPropagate } from '../src/otel.js';
import { clientFor, paidSession, testServer } from './helpers.js';

/** A loopback hop in front of the real server that keeps the headers of every request it forwards. */
async function recordingHop(upstream: string) {
  const seen: IncomingHttpHeaders[] = [];
  const target = new URL(upstream);
  const server: Server = createServer((req, res) => {
    seen.push(req.headers);
    const forward = request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const contextManager = new AsyncLocalStorageContextManager();
const tracer = new BasicTracerProvider().getTracer('refundkit-sdk-test');
let hop: Awaited<ReturnType<typeof recordingHop>>;
let refundId: string;

beforeAll(async () => {
  context.setGlobalContextManager(contextManager.enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  hop = await recordingHop(testServer().url);
  const direct = clientFor(testServer());
  const session = await paidSession(direct, 1000, 'pln');
  refundId = (await direct.refunds.create({ paymentId: session.id })).id;
});

afterAll(async () => {
  await hop?.close();
  propagation.disable();
  context.disable();
});

describe('traceparent', () => {
  it('sends the active span as traceparent, with the tracestate it inherited', async () => {
    const client = clientFor({ ...testServer(), url: hop.url }, { propagate: otelPropagate });
    // A remote parent (as an incoming request would carry) with vendor trace state.
    const parent = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
      traceState: new TraceState('rk=t61rcWkgMzE,other=1'),
    });
    const before = hop.seen.length;
    const span = await tracer.startActiveSpan('refund.retrieve', {}, parent, async (span) => {
      const refund = await client.refunds.retrieve(refundId);
      expect(refund.id).toBe(refundId);
      span.end();
      return span;
    });
    const headers = hop.seen.slice(before);
    expect(headers).toHaveLength(1);
    const { traceId, spanId } = span.spanContext();
    expect(traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(headers[0]?.traceparent).toBe(`00-${traceId}-${spanId}-01`);
    expect(headers[0]?.tracestate).toBe('rk=t61rcWkgMzE,other=1');
  });

  it('sends neither header when no span is active', async () => {
    const client = clientFor({ ...testServer(), url: hop.url }, { propagate: otelPropagate });
    const before = hop.seen.length;
    await client.refunds.retrieve(refundId);
    const [headers] = hop.seen.slice(before);
    expect(headers).toBeDefined();
    expect(headers?.traceparent).toBeUndefined();
    expect(headers?.tracestate).toBeUndefined();
  });

  it('adds nothing by itself: without `propagate` an active span stays in the process', async () => {
    const client = clientFor({ ...testServer(), url: hop.url });
    const before = hop.seen.length;
    await tracer.startActiveSpan('refund.retrieve', async (span) => {
      await client.refunds.retrieve(refundId);
      span.end();
    });
    const [headers] = hop.seen.slice(before);
    expect(headers).toBeDefined();
    expect(headers?.traceparent).toBeUndefined();
  });

  it('gives each concurrent call its own span', async () => {
    const client = clientFor({ ...testServer(), url: hop.url }, { propagate: otelPropagate });
    const before = hop.seen.length;
    const spans = await Promise.all(
      ['a', 'b'].map((name) =>
        tracer.startActiveSpan(name, async (span) => {
          await client.refunds.retrieve(refundId);
          span.end();
          return span.spanContext();
        }),
      ),
    );
    const sent = hop.seen.slice(before).map((h) => h.traceparent);
    expect(sent.sort()).toEqual(spans.map((s) => `00-${s.traceId}-${s.spanId}-01`).sort());
  });
});
