import {
  concatBytes,
  decodeSignature,
  hmacKey,
  hmacSha256,
  type RawBody,
  timingSafeEqual,
  toBytes,
  toHex,
  utf8,
} from '../../crypto.js';
import { RefundkitSignatureError } from '../../errors.js';
import { type HeadersLike, headerValue } from '../../headers.js';

export interface EndpointVerifyOptions {
  /** The endpoint's signing secret (`whsec_…`), as returned when the endpoint was created. */
  readonly secret: string;
  /** Largest accepted age of `t`, either way. Default 300 s. */
  readonly toleranceSec?: number | undefined;
  /** Now, in Unix seconds (tests, replays). */
  readonly nowSec?: number | undefined;
}

function fail(code: string, message: string): never {
  throw new RefundkitSignatureError({ message, type: 'signature_error', code });
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
    fail('secret_missing', 'The endpoint secret (whsec_…) is needed to verify a webhook.');
  }
  const value = headerValue(headers, header);
  if (!value) fail('signature_missing', `The ${header} header is missing.`);
  let timestamp = '';
  const signatures: string[] = [];
  for (const part of value.split(',')) {
    const at = part.indexOf('=');
    const name = part.slice(0, at).trim();
    if (name === 't') timestamp = part.slice(at + 1).trim();
    if (name === 'v1') signatures.push(part.slice(at + 1).trim());
  }
  if (!/^\d{1,12}$/.test(timestamp)) fail('timestamp_invalid', `${header} carries no valid t=.`);
  if (signatures.length === 0) fail('signature_missing', `${header} carries no v1= signature.`);
  const key = await hmacKey(utf8(options.secret));
  const expected = await hmacSha256(key, concatBytes(utf8(`${timestamp}.`), toBytes(rawBody)));
  let matched = false;
  for (const candidate of signatures) {
    const decoded = decodeSignature(candidate);
    if (decoded && timingSafeEqual(expected, decoded)) matched = true;
  }
  if (!matched) fail('signature_mismatch', 'Signature mismatch: wrong secret, or the body was changed.');
  const tolerance = options.toleranceSec ?? 300;
  const age = (options.nowSec ?? Math.floor(Date.now() / 1000)) - Number(timestamp);
  if (Math.abs(age) > tolerance) {
    fail('timestamp_outside_tolerance', `Signed ${age} s ago; the tolerance is ${tolerance} s.`);
  }
}

/** Signs like the server (receiver tests, re-sending stored events). */
export async function signTimestamped(secret: string, payload: string, timestamp: number): Promise<string> {
  const mac = await hmacSha256(await hmacKey(utf8(secret)), utf8(`${timestamp}.${payload}`));
  return `t=${timestamp},v1=${toHex(mac)}`;
}
