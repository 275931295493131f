import { describe, expect, it } from 'vitest';
import { canonicalJson, fingerprint } from './fingerprint.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('encodes like JSON.stringify otherwise', () => {
    const value = { s: 'a"b\n', n: -1.5, t: true, f: false, nil: null, list: [1, 'two', null], e: {} };
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
    expect(canonicalJson('x')).toBe('"x"');
    expect(canonicalJson(12)).toBe('12');
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson(Number.NaN)).toBe('null');
  });

  it('drops undefined members and writes undefined array items as null, as JSON does', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
  });

  it('encodes a Date (anything with toJSON) as JSON.stringify would', () => {
    expect(canonicalJson({ at: new Date(0) })).toBe('{"at":"1970-01-01T00:00:00.000Z"}');
    const selfish = {
      a: 1,
      toJSON() {
        return this;
      },
    };
    expect(canonicalJson(selfish)).toBe('{"a":1}');
  });
});

describe('fingerprint', () => {
  const request = { method: 'POST', path: '/v1/refunds', body: { session_id: 'AW-1', amount: 1000 } };

  it('is 64 hex digits (eight 32-bit lanes)', () => {
    expect(fingerprint(request)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is the same for the same content in any key order', () => {
    const reordered = { body: { amount: 1000, session_id: 'AW-1' }, path: '/v1/refunds', method: 'POST' };
    expect(fingerprint(reordered)).toBe(fingerprint(request));
  });

  it('changes when any value changes', () => {
    const base = fingerprint(request);
    expect(fingerprint({ ...request, body: { ...request.body, amount: 1001 } })).not.toBe(base);
    expect(fingerprint({ ...request, body: { ...request.body, amount: '1000' } })).not.toBe(base);
    expect(fingerprint({ ...request, body: { ...request.body, reason: 'duplicate' } })).not.toBe(base);
    expect(fingerprint({ ...request, path: '/v1/refunds/' })).not.toBe(base);
    expect(fingerprint([1, 2])).not.toBe(fingerprint([2, 1]));
    expect(fingerprint({ a: 'b' })).not.toBe(fingerprint({ b: 'a' }));
  });

  // Servers store fingerprints beside idempotency keys: if the digest of a payload changed between
  // versions, every replay after an upgrade would look like a conflicting reuse of its key.
  it('is stable across calls and versions', () => {
    expect(fingerprint(request)).toBe(fingerprint(structuredClone(request)));
    expect(fingerprint({})).toBe('f66081b3f55b94e2e29aa1adac7f5f332fabfc058bd57cc283e32ba36de1c52b');
    expect(fingerprint(request)).toBe('ed486895167d861f3772870b225250a45612d9813db8ec03a447584ee4a5abba');
  });
});
