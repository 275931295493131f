import {
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { secretKeyFrom } from '../http/auth.js';
import type { Metrics } from './metrics.js';
import { tracer } from './tracing.js';

export interface HttpTelemetry {
  /** Absent when no metrics listener was asked for: then only spans (no-op without an SDK). */
  metrics: Metrics | undefined;
  /** The dialect a request belongs to, from its route template (or URL, when no route matched). */
  dialectOf(path: string): string;
  /** Requests that have not been answered yet, shared by the server's apps (shutdown says what it cut). */
  inFlight: Set<FastifyRequest>;
}

/** The mode from the key's prefix: no lookup, and nothing about whose key it is. */
const modeOfRequest = (request: FastifyRequest) =>
  secretKeyFrom(request.headers.authorization)?.startsWith('sk_live_') ? 'live' : 'test';

const UNMATCHED = 'unmatched';

interface Traced {
  span: Span;
  context: Context;
}

/**
 * Every request of an app measured and traced by hooks, so no route needs to know: a span from
 * the first byte to the last (named for the route template; an incoming `traceparent` is its
 * parent), made the active context around the handler so the database transactions it runs are
 * its children; a duration by route template and status; and the refusals ops watch (idempotency
 * conflicts, the refund cap) and replays, counted from the error or header the route already made.
 */
export function instrumentHttp(app: FastifyInstance, telemetry: HttpTelemetry): void {
  const { metrics, inFlight } = telemetry;
  const spans = new WeakMap<FastifyRequest, Traced>();
  /** Ends a request's span once, whichever of the response and the abort comes first. */
  const endSpan = (request: FastifyRequest, finish: (span: Span) => void) => {
    inFlight.delete(request);
    const traced = spans.get(request);
    if (!traced) return;
    spans.delete(request);
    finish(traced.span);
    traced.span.end();
  };

  app.addHook('onRequest', (request, _reply, done) => {
    inFlight.add(request);
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const span = tracer().startSpan(
      request.method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': request.method,
          'url.path': request.url.split('?', 1)[0] ?? '/',
          'url.scheme': 'http',
          'network.protocol.version': request.raw.httpVersion,
        },
      },
      parent,
    );
    spans.set(request, { span, context: trace.setSpan(parent, span) });
    done();
  });

  // The body is parsed by then: its stream events ran outside any context of ours.
  app.addHook('preHandler', (request, _reply, done) => {
    const traced = spans.get(request);
    if (traced) context.with(traced.context, done);
    else done();
  });

  app.addHook('onError', (request, _reply, error, done) => {
    const code = (error as { code?: unknown }).code;
    if (metrics && typeof code === 'string') {
      metrics.refused(dialectOfRequest(request), modeOfRequest(request), code);
    }
    done();
  });

  const dialectOfRequest = (request: FastifyRequest) =>
    telemetry.dialectOf(request.routeOptions.url ?? request.url);

  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? UNMATCHED;
    const dialect = dialectOfRequest(request);
    if (metrics) {
      metrics.request(request.method, route, reply.statusCode, dialect, reply.elapsedTime / 1000);
      if (reply.getHeader('idempotent-replayed') === 'true')
        metrics.replayed(dialect, modeOfRequest(request));
    }
    endSpan(request, (span) => {
      if (route !== UNMATCHED) {
        span.updateName(`${request.method} ${route}`);
        span.setAttribute('http.route', route);
      }
      span.setAttribute('http.response.status_code', reply.statusCode);
      span.setAttribute('refundkit.dialect', dialect);
      if (reply.statusCode >= 500) {
        span.setAttribute('error.type', String(reply.statusCode));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
    });
    done();
  });

  app.addHook('onRequestAbort', (request, done) => {
    endSpan(request, (span) => {
      span.setAttribute('error.type', 'aborted');
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'the client went away' });
    });
    done();
  });
}
