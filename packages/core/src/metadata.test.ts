import { describe, expect, it } from 'vitest';
import type { Result } from './errors.js';
import { METADATA_LIMITS, mergeMetadata, validateMetadata } from './metadata.js';

const keys = (count: number, value = 'v') =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`key_${i}`, value]));

function refusal(result: Result<unknown>): { code: string; param: string | undefined } {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`);
  return { code: result.error.code, param: result.error.param };
}

describe('validateMetadata', () => {
  it('has the limits DESIGN.md gives', () => {
    expect(METADATA_LIMITS).toEqual({ maxKeys: 50, maxKeyLength: 40, maxValueLength: 500 });
  });

  it('accepts nothing as empty metadata', () => {
    expect(validateMetadata(undefined)).toEqual({ ok: true, value: {} });
    expect(validateMetadata(null)).toEqual({ ok: true, value: {} });
    expect(validateMetadata({})).toEqual({ ok: true, value: {} });
  });

  it('accepts metadata right at every limit, and returns a copy', () => {
    const input = keys(50, 'x'.repeat(500));
    const result = validateMetadata(input);
    expect(result).toEqual({ ok: true, value: input });
    if (result.ok) expect(result.value).not.toBe(input);
    expect(validateMetadata({ ['k'.repeat(40)]: 'v' }).ok).toBe(true);
    expect(validateMetadata({ order: '' }).ok).toBe(true);
  });

  it('accepts objects without a prototype, as form parsers build them', () => {
    const input = Object.assign(Object.create(null) as Record<string, string>, { order: '42' });
    expect(validateMetadata(input)).toEqual({ ok: true, value: { order: '42' } });
  });

  it('keeps a "__proto__" key as an ordinary key', () => {
    const result = validateMetadata(JSON.parse('{"__proto__":"x"}'));
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(Object.keys(result.value)).toEqual(['__proto__']);
      expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype);
    }
  });

  it.each([
    ['51 keys', keys(51), 'metadata'],
    ['a 41-character key', { ['k'.repeat(41)]: 'v' }, `metadata[${'k'.repeat(41)}]`],
    ['an empty key', { '': 'v' }, 'metadata[]'],
    ['a 501-character value', { note: 'x'.repeat(501) }, 'metadata[note]'],
    ['a [ in a key', { 'a[b': 'v' }, 'metadata[a[b]'],
    ['a ] in a key', { 'a]': 'v' }, 'metadata[a]]'],
    ['a number value', { n: 1 }, 'metadata[n]'],
    ['a boolean value', { b: true }, 'metadata[b]'],
    ['a nested object', { o: {} }, 'metadata[o]'],
    ['a null value outside a patch', { n: null }, 'metadata[n]'],
    ['an array', ['a'], 'metadata'],
    ['a string', 'order=1', 'metadata'],
    ['a number', 5, 'metadata'],
    ['a Map', new Map([['a', 'b']]), 'metadata'],
    ['a Date', new Date(0), 'metadata'],
  ])('refuses %s with metadata_invalid', (_, input, param) => {
    expect(refusal(validateMetadata(input))).toEqual({ code: 'metadata_invalid', param });
  });

  it('blames the param it was given', () => {
    expect(refusal(validateMetadata({ n: 1 }, { param: 'refund.metadata' })).param).toBe(
      'refund.metadata[n]',
    );
  });

  it('in a patch, takes unsets and does not count them against the key limit', () => {
    expect(validateMetadata({ a: null, b: '' }, { allowUnset: true })).toEqual({
      ok: true,
      value: { a: null, b: '' },
    });
    expect(validateMetadata({ ...keys(50), gone: '', removed: null }, { allowUnset: true }).ok).toBe(true);
    expect(validateMetadata(keys(51), { allowUnset: true }).ok).toBe(false);
  });
});

describe('mergeMetadata', () => {
  const current = { order: '42', customer: 'c_1' };

  it('adds and replaces keys', () => {
    expect(mergeMetadata(current, { order: '43', note: 'late' })).toEqual({
      ok: true,
      value: { order: '43', customer: 'c_1', note: 'late' },
    });
  });

  it('unsets a key posted with an empty value (or null)', () => {
    expect(mergeMetadata(current, { order: '' })).toEqual({ ok: true, value: { customer: 'c_1' } });
    expect(mergeMetadata(current, { customer: null })).toEqual({ ok: true, value: { order: '42' } });
    expect(mergeMetadata(current, { missing: '' })).toEqual({ ok: true, value: current });
  });

  it('unsets everything when metadata itself is empty', () => {
    expect(mergeMetadata(current, '')).toEqual({ ok: true, value: {} });
    expect(mergeMetadata(current, null)).toEqual({ ok: true, value: {} });
  });

  it('leaves metadata alone when no patch is given, returning a copy', () => {
    const result = mergeMetadata(current, undefined);
    expect(result).toEqual({ ok: true, value: current });
    if (result.ok) expect(result.value).not.toBe(current);
  });

  it('never mutates its inputs', () => {
    const before = { ...current };
    const patch = { order: '', extra: 'x' };
    mergeMetadata(current, patch);
    expect(current).toEqual(before);
    expect(patch).toEqual({ order: '', extra: 'x' });
  });

  it('refuses a merge that would pass 50 keys, and a patch that breaks a limit', () => {
    expect(refusal(mergeMetadata(keys(50), { one_more: 'x' }))).toEqual({
      code: 'metadata_invalid',
      param: 'metadata',
    });
    expect(mergeMetadata(keys(50), { one_more: 'x', key_0: '' }).ok).toBe(true);
    expect(refusal(mergeMetadata(current, { 'bad[key]': 'x' })).code).toBe('metadata_invalid');
    expect(refusal(mergeMetadata(current, { n: 5 as unknown as string })).code).toBe('metadata_invalid');
  });
});
