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

/**
 * A stable fingerprint of a request (method, path and body, say): equal for the same content in any
 * key order, different when any value differs. Eight 32-bit multiply-xorshift lanes, each seeded
 * differently, give 64 hex digits without Node's crypto (core runs anywhere). Not a security hash:
 * idempotency keys are scoped per account, so it only has to tell a replay from a changed payload.
 */
export function fingerprint(value: unknown): string {
  const text = canonicalJson(value);
  let digest = '';
  for (let lane = 1; lane <= 8; lane++) {
    let h = Math.imul(lane, 0x9e3779b1);
    for (let i = 0; i < text.length; i++) {
      h = Math.imul(h ^ text.charCodeAt(i), 0x5bd1e995);
      h ^= h >>> 15;
    }
    digest += (h >>> 0).toString(16).padStart(8, '0');
  }
  return digest;
}
