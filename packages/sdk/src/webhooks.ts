import type { RawBody } from './crypto.js';
import { type VerifyOptions, verifySignature } from './dialects/convergegate/signature.js';
import { toEvent, type WebhookEvent } from './dialects/convergegate/webhooks.js';
import type { HeadersLike } from './headers.js';

/** ConvergeGate's scheme; Stripe's and Checkout's are `verifyTimestamped` with their header. */
export interface VerifyWebhookOptions extends VerifyOptions {
  readonly dialect?: 'convergegate' | undefined;
}

/**
 * Checks a ConvergeGate webhook's signature and age without a client (for a receiver that only holds
 * the key). Resolves when authentic and fresh; throws `RefundkitSignatureError` with a `code` otherwise.
 */
export async function verifyWebhook(
  rawBody: RawBody,
  headers: HeadersLike,
  options: VerifyWebhookOptions,
): Promise<void> {
  await verifySignature(rawBody, headers, options);
}

/** `verifyWebhook`, then the typed event. */
export async function parseWebhook(
  rawBody: RawBody,
  headers: HeadersLike,
  options: VerifyWebhookOptions,
): Promise<WebhookEvent> {
  await verifySignature(rawBody, headers, options);
  return toEvent(rawBody);
}

/** The raw bytes of a fetch-style `Request` (edge functions, Next.js route handlers, Hono, Bun, Deno). */
export async function rawBodyFromRequest(request: Request): Promise<Uint8Array> {
  return new Uint8Array(await request.arrayBuffer());
}
