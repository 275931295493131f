/**
 * A fresh idempotency key: a random UUID v4. `crypto.randomUUID` needs a secure context in browsers,
 * so 16 bytes of `getRandomValues` (available everywhere) in hex are the fallback.
 */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  return c.randomUUID
    ? c.randomUUID()
    : Array.from(c.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
