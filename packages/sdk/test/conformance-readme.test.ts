import { readFileSync } from 'node:fs';
import { CAPABILITIES, type Capabilities, DIALECTS } from '@refundkit/core';
import { describe, expect, it } from 'vitest';

const ROWS: [string, (c: Capabilities) => string][] = [
  ['partial refunds', (c) => (c.partialRefunds ? 'yes' : 'no (full only)')],
  [
    'refunds per payment',
    (c) => (c.maxRefundsPerPayment === null ? 'no limit' : String(c.maxRefundsPerPayment)),
  ],
  ['minimum amount (minor units)', (c) => String(c.minimumAmount)],
  ['refund window', (c) => (c.refundWindowDays === null ? 'none' : `${c.refundWindowDays} days`)],
  ['payment must be settled', (c) => (c.requiresSettled ? 'yes' : 'no')],
  ['free-text reason (`other`)', (c) => (c.freeTextReason ? 'yes' : 'no')],
  ['metadata', (c) => (c.metadata ? 'yes' : 'no')],
];

/** The capability table as both READMEs print it, from core's presets. */
export function capabilityTable(): string {
  const head = `| capability | ${DIALECTS.map((d) => `\`${d}\``).join(' | ')} |`;
  const rule = `|---|${DIALECTS.map(() => '---').join('|')}|`;
  const body = ROWS.map(
    ([name, cell]) => `| ${name} | ${DIALECTS.map((d) => cell(CAPABILITIES[d])).join(' | ')} |`,
  );
  return [head, rule, ...body].join('\n');
}

describe('README capability tables', () => {
  for (const readme of ['../README.md', '../../server/README.md']) {
    it(`${readme} prints core's CAPABILITIES as they are`, () => {
      const text = readFileSync(new URL(readme, import.meta.url), 'utf8');
      const table = capabilityTable();
      expect(text, `${readme} must carry the presets' table; paste this:\n\n${table}\n`).toContain(table);
    });
  }
});
