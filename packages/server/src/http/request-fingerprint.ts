import { type Dialect, fingerprint } from '@refundkit/core';

/**
 * A URL as its dialect knows it: without the mount its routes were reached through (`/stripe` on
 * the main port, nothing on the dialect's own port), the query string kept.
 */
export const dialectPath = (url: string, mount: string): string =>
  mount !== '' && url.startsWith(mount) ? url.slice(mount.length) : url;

/**
 * What an `Idempotency-Key` is bound to. The path is the dialect's own, so one endpoint reached
 * through either mount is one request; the dialect is in it because dialects share paths
 * (`/v1/refunds` is ConvergeGate's and Stripe's) but never a request.
 */
export function requestFingerprint(request: {
  dialect: Dialect;
  method: string;
  path: string;
  body: unknown;
}): string {
  const { dialect, method, path, body } = request;
  return fingerprint({ dialect, method, path, body: body ?? null });
}
