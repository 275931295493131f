import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { README_BEGIN, README_END, renderMarkdown, row, updateReadme } from '../bench/report.js';
import type { MachineInfo } from '../src/machine.js';

const machine: MachineInfo = {
  cores: 2,
  cpuModel: 'Test CPU',
  node: 'v20.0.0',
  platform: 'linux',
  memoryGb: 4,
  loadAverage1m: 1.5,
  commit: 'abc1234',
};
const meta = { machine, measuredAt: '2026-01-01T00:00:00.000Z', quick: false, seconds: 42, postgres: '15' };

describe('renderMarkdown', () => {
  it('writes one line per figure with its baseline, and escapes pipes', () => {
    const md = renderMarkdown(
      [{ name: 'create', rows: [row('a | b', '1/s', 'base 2/s', '50%', 'goal: met')], data: {} }],
      meta,
    );
    expect(md).toContain('on 2 cores (Test CPU), Node v20.0.0, PostgreSQL 15, load average 1.5');
    expect(md).toContain('| create | a \\| b | 1/s | base 2/s | 50% | goal: met |');
    expect(md).not.toContain('smoke test');
  });

  it('marks a quick run as a smoke test', () => {
    expect(renderMarkdown([], { ...meta, quick: true })).toContain('smoke test');
  });
});

describe('updateReadme', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('replaces only what is between the markers', () => {
    dir = mkdtempSync(join(tmpdir(), 'rk-perf-readme-'));
    const file = join(dir, 'README.md');
    writeFileSync(
      file,
      `# Title\n\n## Performance\n\n${README_BEGIN}\nold table\n${README_END}\n\n## After\n`,
    );
    expect(updateReadme(file, 'new table\n')).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(
      `# Title\n\n## Performance\n\n${README_BEGIN}\nnew table\n${README_END}\n\n## After\n`,
    );
  });

  it('leaves a README without markers alone', () => {
    dir = mkdtempSync(join(tmpdir(), 'rk-perf-readme-'));
    const file = join(dir, 'README.md');
    writeFileSync(file, '# Title\n');
    expect(updateReadme(file, 'table\n')).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('# Title\n');
  });
});
