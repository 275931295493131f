import type { Refund } from '@refundkit/core';
import type { RawBody } from '../../crypto.js';
import { toBytes } from '../../crypto.js';
import { RefundkitSignatureError } from '../../errors.js';
import type { HeadersLike } from '../../headers.js';
import { convergeGateRefunds } from './refunds.js';
import { signingKey, type VerifyOptions, verifySignature } from './signature.js';
import type { CheckoutSession, ConvergeGateEvent, ConvergeGateRefund } from './types.js';

export type RefundEventType =
  | 'refund.created'
  | 'refund.requires_action'
  | 'refund.succeeded'
  | 'refund.failed'
  | 'refund.canceled';
export type CheckoutSessionEventType =
  | 'checkout.session.created'
  | 'checkout.session.completed'
  | 'checkout.session.expired';

/** A verified event, narrowed by `type`; refund events carry the canonical refund beside the raw one. */
export type WebhookEvent =
  | (ConvergeGateEvent<ConvergeGateRefund> & { readonly type: RefundEventType; readonly refund: Refund })
  | (ConvergeGateEvent<CheckoutSession> & { readonly type: CheckoutSessionEventType; readonly refund: null });

export type WebhookOptions = Partial<VerifyOptions>;

const decoder = new TextDecoder();

/** Reads a verified body into a typed event; refund events also get the canonical refund. */
export function toEvent(rawBody: RawBody): WebhookEvent {
  try {
    const event = JSON.parse(decoder.decode(toBytes(rawBody))) as ConvergeGateEvent;
    const { object } = event.data;
    if (typeof event.type !== 'string' || !object) throw new TypeError('it needs `type` and `data.object`');
    const refund = event.type.startsWith('refund.')
      ? convergeGateRefunds.toRefund(object as ConvergeGateRefund)
      : null;
    return { ...event, refund } as WebhookEvent;
  } catch (cause) {
    throw new RefundkitSignatureError({
      message: `The signed body is not a readable event: ${(cause as Error).message}`,
      type: 'signature_error',
      code: 'payload_invalid',
      cause,
    });
  }
}

/** `client.webhooks`: verification with the client's secret key unless another is given. */
export interface ConvergeGateWebhooks {
  /** Resolves when the body is authentic and fresh; throws `RefundkitSignatureError` otherwise. */
  verify(rawBody: RawBody, headers: HeadersLike, options?: WebhookOptions): Promise<void>;
  /** Verifies, then returns the typed event. */
  parse(rawBody: RawBody, headers: HeadersLike, options?: WebhookOptions): Promise<WebhookEvent>;
}

export function convergeGateWebhooks(
  secretKey: string,
  toleranceSec: number | undefined,
): ConvergeGateWebhooks {
  // The client's own key is derived once; WebCrypto keys are non-extractable.
  let key: Promise<CryptoKey> | undefined;
  const verify = async (rawBody: RawBody, headers: HeadersLike, options: WebhookOptions = {}) => {
    const own = (options.secretKey ?? secretKey) === secretKey;
    if (own) key ??= signingKey(secretKey);
    await verifySignature(
      rawBody,
      headers,
      {
        ...options,
        toleranceSec: options.toleranceSec ?? toleranceSec,
        secretKey: options.secretKey ?? secretKey,
      },
      own ? await key : undefined,
    );
  };
  return {
    verify,
    async parse(rawBody, headers, options) {
      await verify(rawBody, headers, options);
      return toEvent(rawBody);
    },
  };
}
