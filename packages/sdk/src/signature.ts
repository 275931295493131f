import { decodeSignature, hmacSha256, type RawBody, timingSafeEqual, toBytes } from './crypto.js';
import { RefundkitSignatureError } from './errors.js';

export const DEFAULT_TOLERANCE_SEC = 300;

/** How fresh a signed timestamp must be. */
export interface Freshness {
  /** Largest accepted distance between the signed timestamp and now, either way. Default 300 s; `Infinity` turns the check off. */
  readonly toleranceSec?: number | undefined;
  /** Now, in Unix seconds (for tests and replays of stored events). */
  readonly nowSec?: number | undefined;
}

export function signatureError(code: string, message: string): never {
  throw new RefundkitSignatureError({ message, type: 'signature_error', code });
}

/** HMAC-SHA256 over `prefix` followed by the exact body bytes: the message every dialect signs. */
export async function macOf(key: CryptoKey | Promise<CryptoKey>, prefix: string, rawBody: RawBody) {
  return hmacSha256(await key, prefix, toBytes(rawBody));
}

/**
 * The check shared by every dialect's scheme, once its headers are read: the timestamp is Unix
 * seconds, one of `signatures` (hex or base64; several during a key rotation) is the HMAC of
 * `prefix` + body, and the timestamp is within the tolerance. Throws `RefundkitSignatureError`.
 */
export async function checkSignature(
  key: CryptoKey | Promise<CryptoKey>,
  prefix: string,
  rawBody: RawBody,
  timestamp: string,
  signatures: readonly string[],
  options: Freshness,
  header: string,
): Promise<void> {
  if (!/^\d{1,12}$/.test(timestamp)) {
    signatureError('timestamp_invalid', `${header} must carry Unix seconds, got "${timestamp}".`);
  }
  const expected = await macOf(key, prefix, rawBody);
  let matched = false;
  // Every candidate is compared, so the time taken does not reveal which one (if any) matched.
  for (const candidate of signatures) {
    const decoded = decodeSignature(candidate);
    if (decoded && timingSafeEqual(expected, decoded)) matched = true;
  }
  if (!matched)
    signatureError('signature_mismatch', 'Signature mismatch: wrong secret, or the body was changed.');
  const tolerance = options.toleranceSec ?? DEFAULT_TOLERANCE_SEC;
  const age = (options.nowSec ?? Math.floor(Date.now() / 1000)) - Number(timestamp);
  if (Math.abs(age) > tolerance) {
    signatureError('timestamp_outside_tolerance', `Signed ${age} s ago; the tolerance is ${tolerance} s.`);
  }
}
