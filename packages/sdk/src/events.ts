import type { Refund } from '@refundkit/core';
import { type RawBody, toBytes } from './crypto.js';
import { RefundkitSignatureError } from './errors.js';

const decoder = new TextDecoder();

/**
 * A verified body as the dialect's event, with the canonical refund beside it on refund events
 * (`refundOf` picks and maps it). Anything unreadable is `payload_invalid`: it was signed, so it is
 * the sender's fault, not a forgery.
 */
export function readEvent<Event extends { readonly type: string }>(
  rawBody: RawBody,
  refundOf: (event: Event) => Refund | null,
): Event & { readonly refund: Refund | null } {
  try {
    const event = JSON.parse(decoder.decode(toBytes(rawBody))) as Event;
    if (typeof event?.type !== 'string') throw new TypeError('it has no `type`');
    return { ...event, refund: refundOf(event) };
  } catch (cause) {
    throw new RefundkitSignatureError({
      message: `The signed body is not a readable event: ${(cause as Error).message}`,
      type: 'signature_error',
      code: 'payload_invalid',
      cause,
    });
  }
}
