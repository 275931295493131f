import type { Refund } from '@refundkit/core';
import type { RawBody } from '../../crypto.js';
import { readEvent } from '../../events.js';
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

/** Reads a verified body into a typed event; refund events also get the canonical refund. */
export function toEvent(rawBody: RawBody): WebhookEvent {
  return readEvent(rawBody, (event: ConvergeGateEvent) => {
    const { object } = event.data;
    if (!object) throw new TypeError('it has no `data.object`');
    return event.type.startsWith('refund.')
      ? convergeGateRefunds.toRefund(object as ConvergeGateRefund, { livemode: event.livemode === true })
      : null;
  }) as WebhookEvent;
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
  // Derived on first use, not here: a page without WebCrypto can still create a client.
  let key: Promise<CryptoKey> | undefined;
  const verify = async (rawBody: RawBody, headers: HeadersLike, options: WebhookOptions = {}) => {
    const secret = options.secretKey ?? secretKey;
    const own = secret === secretKey;
    if (own) key ??= signingKey(secretKey);
    await verifySignature(
      rawBody,
      headers,
      { ...options, toleranceSec: options.toleranceSec ?? toleranceSec, secretKey: secret },
      own ? key : undefined,
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
