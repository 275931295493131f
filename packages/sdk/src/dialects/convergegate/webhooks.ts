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
  | 'refund.updated'
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
export class ConvergeGateWebhooks {
  private key: Promise<CryptoKey> | null = null;

  constructor(
    private readonly secretKey: string,
    private readonly toleranceSec: number | undefined,
  ) {}

  /** Resolves when the body is authentic and fresh; throws `RefundkitSignatureError` otherwise. */
  async verify(rawBody: RawBody, headers: HeadersLike, options: WebhookOptions = {}): Promise<void> {
    const own = options.secretKey === undefined || options.secretKey === this.secretKey;
    // The client's own key is derived once; WebCrypto keys are non-extractable.
    if (own) this.key ??= signingKey(this.secretKey);
    await verifySignature(
      rawBody,
      headers,
      {
        secretKey: options.secretKey ?? this.secretKey,
        toleranceSec: options.toleranceSec ?? this.toleranceSec,
        nowSec: options.nowSec,
      },
      own ? ((await this.key) ?? undefined) : undefined,
    );
  }

  /** Verifies, then returns the typed event. */
  async parse(rawBody: RawBody, headers: HeadersLike, options: WebhookOptions = {}): Promise<WebhookEvent> {
    await this.verify(rawBody, headers, options);
    return toEvent(rawBody);
  }

  /** The headers the server would send with this body: for testing a receiver. */
  sign(rawBody: RawBody, options: { timestamp?: number; secretKey?: string } = {}) {
    return signPayload(rawBody, {
      secretKey: options.secretKey ?? this.secretKey,
      timestamp: options.timestamp,
    });
  }
}
