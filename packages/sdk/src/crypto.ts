/**
 * WebCrypto only (`globalThis.crypto`): present in Node 20, browsers and edge runtimes, so signing and
 * verification run anywhere without `node:crypto`.
 */

/** A webhook body as received: the exact bytes, or the text they decode to. */
export type RawBody = string | Uint8Array | ArrayBuffer;

const encoder = new TextEncoder();

export function toBytes(body: RawBody): Uint8Array {
  if (typeof body === 'string') return encoder.encode(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw new TypeError('The raw body is a string, Uint8Array (Buffer) or ArrayBuffer, not a parsed object.');
}

// Node 20, browsers (secure contexts) and edge runtimes all have it; read late, so a page without it can load.
const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

/** HMAC-SHA256 key for `secret` as bytes. */
export const hmacKey = (secret: Uint8Array<ArrayBuffer> | ArrayBuffer): Promise<CryptoKey> =>
  subtle().importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);

export const sha256 = (data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer> =>
  subtle().digest('SHA-256', data);

/** HMAC-SHA256 of `prefix` followed by `body`. */
export async function hmacSha256(key: CryptoKey, prefix: string, body: Uint8Array): Promise<Uint8Array> {
  const head = utf8(prefix);
  const message = new Uint8Array(head.length + body.length);
  message.set(head);
  message.set(body, head.length);
  return new Uint8Array(await subtle().sign('HMAC', key, message));
}

export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text) as Uint8Array<ArrayBuffer>;
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/**
 * A signature in hex (any case) or base64 (standard or URL-safe, padding optional) as bytes; `null`
 * when it is neither. 64 hex digits and 43/44 base64 characters both spell 32 bytes.
 */
export function decodeSignature(text: string): Uint8Array | null {
  const value = text.trim();
  if (/^(?:[0-9a-f]{2})+$/i.test(value)) {
    return Uint8Array.from(value.match(/../g) as string[], (pair) => Number.parseInt(pair, 16));
  }
  try {
    // atob is forgiving-base64: padding optional, anything outside the alphabet throws.
    return Uint8Array.from(atob(value.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/**
 * Compares in time that depends only on the expected length, never on where the first difference is,
 * so a forger learns nothing from how long a rejection takes.
 */
export function timingSafeEqual(expected: Uint8Array, actual: Uint8Array): boolean {
  let diff = expected.length ^ actual.length;
  for (let i = 0; i < expected.length; i++)
    diff |= (expected[i] as number) ^ (actual[i % (actual.length || 1)] ?? 0);
  return diff === 0;
}
