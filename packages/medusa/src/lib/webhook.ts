import type { Logger } from '@medusajs/framework/types';
import type { GatewayClient } from './gateway';
import type { ResolvedOptions } from './options';

export interface VerifiedEvent {
  id: string;
  type: string;
  /** Id of the session or refund the event is about; the receiver re-fetches it. */
  objectId: string | null;
}

export interface WebhookPayload {
  data?: unknown;
  rawData?: unknown;
  headers?: Record<string, unknown>;
}

/**
 * The exact bytes that were signed. Medusa keeps them as `rawData`; an event bus that serialises its
 * messages turns the Buffer into `{ type: 'Buffer', data: [...] }`, which is turned back here.
 */
export function rawBody(payload: WebhookPayload): Uint8Array | string | null {
  const raw = payload.rawData;
  if (raw instanceof Uint8Array || typeof raw === 'string') return raw;
  if (raw && typeof raw === 'object' && (raw as { type?: unknown }).type === 'Buffer') {
    return Uint8Array.from((raw as { data: number[] }).data);
  }
  return null;
}

/**
 * Verifies `Sec-Timestamp` + `Sec-Signature` with the store's key and reads the event. `null` for
 * anything that does not check out: a forged or stale webhook is logged and ignored, never retried.
 */
export async function verifyEvent(
  client: GatewayClient,
  options: ResolvedOptions,
  payload: WebhookPayload,
  logger: Logger | undefined,
): Promise<VerifiedEvent | null> {
  const body = rawBody(payload);
  if (body === null) {
    logger?.warn('refundkit: webhook without its raw body; ignored (it cannot be verified).');
    return null;
  }
  try {
    const event = await client.webhooks.parse(body, (payload.headers ?? {}) as Record<string, string>, {
      secretKey: options.webhookSecret,
    });
    const object = event.data.object as { id?: unknown };
    return { id: event.id, type: event.type, objectId: typeof object?.id === 'string' ? object.id : null };
  } catch (error) {
    logger?.warn(`refundkit: webhook rejected: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}
