import {
  concatBytes,
  decodeSignature,
  hmacKey,
  hmacSha256,
  type RawBody,
  sha256,
  timingSafeEqual,
  toBytes,
  toHex,
  utf8,
} from '../../crypto.js';
import { RefundkitSignatureError } from '../../errors.js';
import { type HeadersLike, headerValue } from '../../headers.js';

export const TIMESTAMP_HEADER = 'Sec-Timestamp';
export const SIGNATURE_HEADER = 'Sec-Signature';
export const DEFAULT_TOLERANCE_SEC = 300;

export interface VerifyOptions {
  /** The merchant's secret API key (`sk_test_…`); the HMAC key is its SHA-256 digest. */
  readonly secretKey: string;
  /** Largest accepted distance between `Sec-Timestamp` and now, either way. Default 300 s; `Infinity` turns the check off. */
  readonly toleranceSec?: number | undefined;
  /** Now, in Unix seconds (for tests and replays of stored events). */
  readonly nowSec?: number | undefined;
}

/** The HMAC key of a secret API key: HMAC-SHA256 keyed with the raw 32-byte SHA-256 digest of the key. */
export async function signingKey(secretKey: string): Promise<CryptoKey> {
  return hmacKey(await sha256(utf8(secretKey)));
}

function fail(code: string, message: string): never {
  throw new RefundkitSignatureError({ message, type: 'signature_error', code });
}

/**
 * Checks a ConvergeGate webhook: `Sec-Signature` must be HMAC-SHA256(SHA-256(secret key),
 * `Sec-Timestamp` + raw body), in hex or base64 (several may be given, comma-separated, during key
 * rotation), and `Sec-Timestamp` (Unix seconds) must be within the tolerance. Throws
 * `RefundkitSignatureError` with a `code` naming what failed.
 */
export async function verifySignature(
  rawBody: RawBody,
  headers: HeadersLike,
  options: VerifyOptions,
  key?: CryptoKey,
): Promise<void> {
  if (typeof options.secretKey !== 'string' || options.secretKey === '') {
    fail('secret_key_missing', 'A secret key is needed to verify a webhook.');
  }
  const timestamp = headerValue(headers, TIMESTAMP_HEADER)?.trim();
  const signature = headerValue(headers, SIGNATURE_HEADER);
  if (!timestamp) fail('timestamp_missing', `The ${TIMESTAMP_HEADER} header is missing.`);
  if (!signature) fail('signature_missing', `The ${SIGNATURE_HEADER} header is missing.`);
  if (!/^\d{1,12}$/.test(timestamp)) {
    fail('timestamp_invalid', `${TIMESTAMP_HEADER} must be Unix seconds, got "${timestamp}".`);
  }
  const body = toBytes(rawBody);
  const expected = await hmacSha256(
    key ?? (await signingKey(options.secretKey)),
    concatBytes(utf8(timestamp), body),
  );
  const candidates = signature.split(/[\s,]+/).filter(Boolean);
  let matched = false;
  // Every candidate is compared, so the time taken does not reveal which one (if any) matched.
  for (const candidate of candidates) {
    const decoded = decodeSignature(candidate);
    if (decoded && timingSafeEqual(expected, decoded)) matched = true;
  }
  if (!matched) {
    fail('signature_mismatch', 'Signature mismatch: wrong key, or the body was changed.');
  }
  const tolerance = options.toleranceSec ?? DEFAULT_TOLERANCE_SEC;
  const now = options.nowSec ?? Math.floor(Date.now() / 1000);
  const age = now - Number(timestamp);
  if (Math.abs(age) > tolerance) {
    fail('timestamp_outside_tolerance', `Signed ${age} s ago; the tolerance is ${tolerance} s.`);
  }
}

/** Signs a body the way the server does: for receiver tests and for re-sending stored events. */
export async function signPayload(
  rawBody: RawBody,
  options: { secretKey: string; timestamp?: number | undefined },
): Promise<Record<'Sec-Timestamp' | 'Sec-Signature', string>> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const mac = await hmacSha256(
    await signingKey(options.secretKey),
    concatBytes(utf8(timestamp), toBytes(rawBody)),
  );
  return { 'Sec-Timestamp': timestamp, 'Sec-Signature': toHex(mac) };
}
