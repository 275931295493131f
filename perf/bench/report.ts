import { readFileSync, writeFileSync } from 'node:fs';
import type { MachineInfo } from '../src/machine.js';
import type { Row, Section } from './types.js';

export const README_BEGIN = '<!-- perf:results:begin (written by pnpm bench) -->';
export const README_END = '<!-- perf:results:end -->';

/** The markdown table of every figure, with the machine it ran on. */
export function renderMarkdown(
  sections: Section[],
  meta: { machine: MachineInfo; measuredAt: string; quick: boolean; seconds: number; postgres: string },
): string {
  const m = meta.machine;
  const lines = [
    `Measured ${meta.measuredAt} by \`pnpm bench\`${meta.quick ? ' (BENCH_QUICK=1: a smoke test, not figures)' : ''} ` +
      `in ${Math.round(meta.seconds)} s on ${m.cores} cores (${m.cpuModel}), Node ${m.node}, PostgreSQL ${meta.postgres}, ` +
      `load average ${m.loadAverage1m} at the start${m.commit ? `, commit ${m.commit}` : ''}. ` +
      'Every baseline was measured in the same run, on the same machine.',
    '',
    '| section | figure | measured | baseline (same run) | ratio | goal |',
    '|---|---|---|---|---|---|',
  ];
  for (const section of sections) {
    for (const row of section.rows) {
      lines.push(
        `| ${[section.name, row.figure, row.measured, row.baseline, row.ratio, row.goal].map(cell).join(' | ')} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** Replaces the table between the markers in a README; returns false when the markers are missing. */
export function updateReadme(path: string, markdown: string): boolean {
  const text = readFileSync(path, 'utf8');
  const begin = text.indexOf(README_BEGIN);
  const end = text.indexOf(README_END);
  if (begin === -1 || end === -1 || end < begin) return false;
  const next = `${text.slice(0, begin + README_BEGIN.length)}\n${markdown}${text.slice(end)}`;
  if (next !== text) writeFileSync(path, next);
  return true;
}

export const row = (figure: string, measured: string, baseline: string, ratio: string, goal = ''): Row => ({
  figure,
  measured,
  baseline,
  ratio,
  goal,
});
