import type { Refund } from '@refundkit/core';
import type { RawBody } from '../../crypto.js';
import { toBytes } from '../../crypto.js';
import { RefundkitSignatureError } from '../../errors.js';
import type { HeadersLike } from '../../headers.js';
import { convergeGateRefunds } from './refunds.js';
import { signingKey, signPayload, type VerifyOptions, verifySignature } from './signature.js';
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

/** Reads a verified body into a typed event. */
export function toEvent(rawBody: RawBody): WebhookEvent {
  let event: ConvergeGateEvent;
  try {
    event = JSON.parse(decoder.decode(toBytes(rawBody))) as ConvergeGateEvent;
  } catch (cause) {
    throw new RefundkitSignatureError({
      message: 'The webhook body is signed but is not JSON.',
      type: 'signature_error',
      code: 'payload_invalid',
      cause,
    });
  }
  if (typeof event !== 'object' || event === null || typeof event.type !== 'string' || !event.data) {
    throw new RefundkitSignatureError({
      message: 'The webhook body is not an event (it needs `type` and `data.object`).',
      type: 'signature_error',
      code: 'payload_invalid',
      raw: event,
    });
  }
  const isRefund = event.type.startsWith('refund.');
  let refund: Refund | null = null;
  try {
    if (isRefund) refund = convergeGateRefunds.toRefund(event.data.object as ConvergeGateRefund);
  } catch (cause) {
    throw new RefundkitSignatureError({
      message: `The refund in the webhook cannot be read: ${(cause as Error).message}`,
      type: 'signature_error',
      code: 'payload_invalid',
      raw: event,
      cause,
    });
  }
  return { ...event, refund } as WebhookEvent;
}

/** `client.webhooks`: verification with the client's secret key unless another is given. */
export interface ConvergeGateWebhooks {
  /** Resolves when the body is authentic and fresh; throws `RefundkitSignatureError` otherwise. */
  verify(rawBody: RawBody, headers: HeadersLike, options?: WebhookOptions): Promise<void>;
  /** Verifies, then returns the typed event. */
  parse(rawBody: RawBody, headers: HeadersLike, options?: WebhookOptions): Promise<WebhookEvent>;
  /** The headers the server would send with this body: for testing a receiver. */
  sign(
    rawBody: RawBody,
    options?: { timestamp?: number; secretKey?: string },
  ): Promise<Record<'Sec-Timestamp' | 'Sec-Signature', string>>;
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
    sign: (rawBody, options = {}) => signPayload(rawBody, { secretKey, ...options }),
  };
}
