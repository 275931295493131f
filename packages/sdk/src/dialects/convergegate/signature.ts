import { hmacKey, type RawBody, sha256, toHex, utf8 } from '../../crypto.js';
import { type HeadersLike, headerValue } from '../../headers.js';
import { checkSignature, type Freshness, macOf, signatureError } from '../../signature.js';

export const TIMESTAMP_HEADER = 'Sec-Timestamp';
export const SIGNATURE_HEADER = 'Sec-Signature';

export interface VerifyOptions extends Freshness {
  /** The merchant's secret API key (`sk_test_…`); the HMAC key is its SHA-256 digest. */
  readonly secretKey: string;
}

/** The HMAC key of a secret API key: HMAC-SHA256 keyed with the raw 32-byte SHA-256 digest of the key. */
export async function signingKey(secretKey: string): Promise<CryptoKey> {
  return hmacKey(await sha256(utf8(secretKey)));
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
  key?: Promise<CryptoKey>,
): Promise<void> {
  if (typeof options.secretKey !== 'string' || options.secretKey === '') {
    signatureError('secret_key_missing', 'A secret key is needed to verify a webhook.');
  }
  const timestamp = headerValue(headers, TIMESTAMP_HEADER)?.trim();
  const signature = headerValue(headers, SIGNATURE_HEADER);
  if (!timestamp) signatureError('timestamp_missing', `The ${TIMESTAMP_HEADER} header is missing.`);
  if (!signature) signatureError('signature_missing', `The ${SIGNATURE_HEADER} header is missing.`);
  await checkSignature(
    key ?? signingKey(options.secretKey),
    timestamp,
    rawBody,
    timestamp,
    signature.split(/[\s,]+/),
    options,
    TIMESTAMP_HEADER,
  );
}

/** Signs a body the way the server does: for receiver tests and for re-sending stored events. */
export async function signPayload(
  rawBody: RawBody,
  options: { secretKey: string; timestamp?: number | undefined },
): Promise<Record<'Sec-Timestamp' | 'Sec-Signature', string>> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const mac = await macOf(signingKey(options.secretKey), timestamp, rawBody);
  return { 'Sec-Timestamp': timestamp, 'Sec-Signature': toHex(mac) };
}
