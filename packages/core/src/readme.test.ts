import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CAPABILITIES, type Capabilities } from './capabilities.js';
import { DIALECTS } from './dialect.js';
import { ERROR_CODES } from './errors.js';
import * as core from './index.js';
import { TRANSITIONS } from './status.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  dependencies?: Record<string, string>;
};

/** The rows of the first table under a `## heading`, as arrays of trimmed cells. */
function table(heading: string): string[][] {
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README has no "## ${heading}" section`);
  const section = readme.slice(start + 1).split(/\n## /)[0] as string;
  const lines = section.split('\n').filter((line) => line.startsWith('|'));
  return lines.slice(2).map((line) =>
    line
      .slice(1, -1)
      .split(' | ')
      .map((cell) => cell.trim()),
  );
}
const code = (cell: string | undefined) => /^`([^`]+)`$/.exec(cell ?? '')?.[1];

describe('README', () => {
  it('lists exactly the error codes core has, each with its default message', () => {
    const rows = table('Error codes');
    expect(rows.map((row) => code(row[0])).sort()).toEqual(Object.keys(ERROR_CODES).sort());
    for (const [cell, message, when] of rows) {
      expect(message).toBe(ERROR_CODES[code(cell) as keyof typeof ERROR_CODES]);
      expect(when?.length).toBeGreaterThan(10);
    }
  });

  it('shows the capability presets as CAPABILITIES has them', () => {
    const [header, ...rows] = [['capability', ...DIALECTS], ...table('Capabilities per dialect')];
    const words = (value: Capabilities[keyof Capabilities]) =>
      value === null ? 'no limit' : typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
    expect(readme).toContain(`| ${header?.join(' | ')} |`);
    expect(rows.map((row) => code(row[0])).sort()).toEqual(Object.keys(CAPABILITIES.stripe).sort());
    for (const [cell, ...values] of rows) {
      const key = code(cell) as keyof Capabilities;
      expect(values).toEqual(DIALECTS.map((dialect) => words(CAPABILITIES[dialect][key])));
    }
  });

  it('shows every arrow of the status machine and no other', () => {
    const arrows = table('Status machine').map((row) => row.map(code).join(' '));
    const expected = Object.entries(TRANSITIONS).flatMap(([from, events]) =>
      Object.entries(events).map(([event, to]) => `${from} ${event} ${to}`),
    );
    expect(arrows.sort()).toEqual(expected.sort());
  });

  it('names every runtime export in its export table', () => {
    const listed = table('What it exports')
      .flatMap((row) => row[1]?.match(/`[^`]+`/g) ?? [])
      .map((cell) => cell.slice(1, -1));
    expect(Object.keys(core).filter((name) => !listed.includes(name))).toEqual([]);
  });

  it('is right that core has no dependencies', () => {
    expect(readme).toContain('no dependencies');
    expect(manifest.dependencies ?? {}).toEqual({});
  });
});
