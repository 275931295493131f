/**
 * JSON with object keys sorted at every depth, so two encodings of one request compare equal.
 * `undefined` and function members are dropped, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  // As JSON.stringify does: a Date (or anything with toJSON) is encoded as what toJSON returns, once.
  const json: unknown =
    typeof (value as { toJSON?: unknown } | null)?.toJSON === 'function'
      ? (value as { toJSON(): unknown }).toJSON()
      : value;
  if (json === null || typeof json !== 'object') return JSON.stringify(json) ?? 'null';
  if (Array.isArray(json)) {
    return `[${json.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  const record = json as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined && typeof record[key] !== 'function')
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
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
    let h = lane;
    for (let i = 0; i < text.length; i++) {
      h = Math.imul(h ^ text.charCodeAt(i), 0x5bd1e995);
      h ^= h >>> 15;
    }
    digest += (h >>> 0).toString(16).padStart(8, '0');
  }
  return digest;
}
