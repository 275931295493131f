import type { Refund } from '@refundkit/core';
import { hmacKey, type RawBody, toHex, utf8 } from '../crypto.js';
import { readEvent } from '../events.js';
import { type HeadersLike, headerValue } from '../headers.js';
import { checkSignature, type Freshness, macOf, signatureError } from '../signature.js';

export interface EndpointVerifyOptions extends Freshness {
  /** The endpoint's signing secret (`whsec_…`), as returned when the endpoint was created. */
  readonly secret: string;
}

/**
 * The `t=<unix s>,v1=<hex>` scheme shared by Stripe (`Stripe-Signature`) and Checkout
 * (`Checkout-Signature`): v1 = HMAC-SHA256(endpoint secret, `${t}.${raw body}`). Any of several
 * `v1` values may match (secret rotation); every one is compared.
 */
export async function verifyTimestamped(
  header: string,
  rawBody: RawBody,
  headers: HeadersLike,
  options: EndpointVerifyOptions,
): Promise<void> {
  if (typeof options.secret !== 'string' || options.secret === '') {
    signatureError('secret_missing', 'The endpoint secret (whsec_…) is needed to verify a webhook.');
  }
  const value = headerValue(headers, header);
  if (!value) signatureError('signature_missing', `The ${header} header is missing.`);
  let timestamp = '';
  const signatures: string[] = [];
  for (const part of value.split(',')) {
    const at = part.indexOf('=');
    const name = part.slice(0, at).trim();
    const item = part.slice(at + 1).trim();
    if (name === 't') timestamp = item;
    if (name === 'v1') signatures.push(item);
  }
  if (signatures.length === 0) signatureError('signature_missing', `${header} carries no v1= signature.`);
  await checkSignature(
    hmacKey(utf8(options.secret)),
    `${timestamp}.`,
    rawBody,
    timestamp,
    signatures,
    options,
    header,
  );
}

/** Signs like the server (receiver tests, re-sending stored events). */
export async function signTimestamped(secret: string, payload: string, timestamp: number): Promise<string> {
  return `t=${timestamp},v1=${toHex(await macOf(hmacKey(utf8(secret)), `${timestamp}.`, payload))}`;
}

/** `client.webhooks` of a dialect whose endpoints each have their own secret. */
export interface EndpointWebhooks<Event> {
  /** Resolves when the body is authentic and fresh; throws `RefundkitSignatureError` otherwise. */
  verify(rawBody: RawBody, headers: HeadersLike, options: EndpointVerifyOptions): Promise<void>;
  /** Verifies, then returns the event; refund events carry the canonical refund in `refund`. */
  parse(rawBody: RawBody, headers: HeadersLike, options: EndpointVerifyOptions): Promise<Event>;
}

export function endpointWebhooks<Event extends { readonly type: string }>(
  header: string,
  toleranceSec: number | undefined,
  refundOf: (event: Event) => Refund | null,
): EndpointWebhooks<Event & { readonly refund: Refund | null }> {
  const verify = (rawBody: RawBody, headers: HeadersLike, options: EndpointVerifyOptions) =>
    verifyTimestamped(header, rawBody, headers, {
      ...options,
      toleranceSec: options.toleranceSec ?? toleranceSec,
    });
  return {
    verify,
    async parse(rawBody, headers, options) {
      await verify(rawBody, headers, options);
      return readEvent(rawBody, refundOf);
    },
  };
}
