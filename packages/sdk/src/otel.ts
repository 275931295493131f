/**
 * OpenTelemetry trace propagation, kept off the main entry so the SDK needs no tracing library:
 * `createClient({ …, propagate: otelPropagate })` sends `traceparent` (and `tracestate`) from the
 * active context on every request. Uses the propagator the app registered (`propagation`'s global);
 * with no active span, or no SDK registered, nothing is added.
 */
import { context, propagation } from '@opentelemetry/api';

/** A `propagate` option: writes the active context's trace headers into the outgoing request's headers. */
export function otelPropagate(headers: Record<string, string>): void {
  propagation.inject(context.active(), headers);
}
