import { BODY_LIMIT_BYTES } from '@refundkit/server';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { brokenEncoding, deepestFitting, OVERSIZED } from '../src/malformed.js';

// The fuzz's body classes stay inside the limits they claim: every body the server must read and
// refuse fits its limit; only the oversized class is over it (and the only one it may cut off).
describe('malformed bodies and the server body limit', () => {
  const base = { session_id: 'ses_123', amount: 100, metadata: { order: '42' } };

  it('sizes every body but the oversized class within BODY_LIMIT_BYTES, and that class over it', () => {
    fc.assert(
      fc.property(brokenEncoding(base), (broken) => {
        if (broken.what.startsWith(OVERSIZED)) expect(broken.body.length).toBeGreaterThan(BODY_LIMIT_BYTES);
        else expect(broken.body.length).toBeLessThanOrEqual(BODY_LIMIT_BYTES);
      }),
      { numRuns: 300 },
    );
  });

  it('nests deep JSON to exactly the deepest depth that fits', () => {
    const prefix = `${JSON.stringify(base).slice(0, -1)},"metadata":`;
    for (const [open, close] of [
      ['{"a":', '}'],
      ['[', ']'],
    ] as const) {
      const depth = deepestFitting(prefix, open);
      const body = (d: number) => Buffer.byteLength(`${prefix}${open.repeat(d)}1${close.repeat(d)}}`);
      expect(body(depth)).toBeLessThanOrEqual(BODY_LIMIT_BYTES);
      expect(body(depth + 1)).toBeGreaterThan(BODY_LIMIT_BYTES);
    }
  });
});
