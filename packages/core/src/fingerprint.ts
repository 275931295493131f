/**
 * JSON with object keys sorted at every depth, so two encodings of one request compare equal.
 * `undefined` members are dropped, as JSON.stringify does.
 */
export function canonicalJson(input: unknown): string {
  // As JSON.stringify does: a Date (or anything with toJSON) is encoded as what toJSON returns.
  const value =
    typeof (input as { toJSON?: unknown } | null)?.toJSON === 'function'
      ? (input as { toJSON(): unknown }).toJSON()
      : input;
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  const keys = Object.keys(value as object)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`).join(',')}}`;
}

// 53-bit cyrb53 rounds with four seeds give a 212-bit digest: plenty to tell "same payload" from
// "different payload" under one idempotency key, without Node's crypto (core runs anywhere).
function cyrb53(text: string, seed: number): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/**
 * A stable fingerprint of a request (method, path and body, say): equal for the same content in any
 * key order, different when any value differs. Not a security hash; keys are scoped per account.
 */
export function fingerprint(value: unknown): string {
  const text = canonicalJson(value);
  return [1, 2, 3, 4].map((seed) => cyrb53(text, seed)).join('');
}
