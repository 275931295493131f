import { describe, expect, it } from 'vitest';
import { percent, percentile, round, summarize } from '../src/stats.js';

describe('percentile', () => {
  it('is the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarizes unsorted input', () => {
    expect(summarize([5, 1, 3, 2, 4])).toEqual({ count: 5, mean: 3, p50: 3, p99: 5, max: 5 });
  });
});

describe('percent and round', () => {
  it('refuses to divide by nothing', () => {
    expect(percent(1, 0)).toBe('n/a');
    expect(percent(Number.NaN, 1)).toBe('n/a');
    expect(percent(undefined, 1)).toBe('n/a');
    expect(percent(1, 3)).toBe('33%');
  });

  it('keeps significant digits', () => {
    expect(round(1234.5678)).toBe(1235);
    expect(round(0.012345)).toBe(0.0123);
    expect(round(12.345, 2)).toBe(12);
  });
});
