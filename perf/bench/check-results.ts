// `test:build`: the committed figures are a full run of `pnpm bench` with every section, and the
// README's Performance table is exactly that run's table (every number the README states comes from
// the command). Fails with a message naming what to re-run.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { README_BEGIN, README_END } from './report.js';

const results = resolve(import.meta.dirname, '..', 'results');
const SECTIONS = ['create', 'retrieve', 'contention', 'growth', 'sdk', 'bundle size', 'core', 'demo'];
const problems: string[] = [];

const jsonFile = resolve(results, 'bench.json');
const mdFile = resolve(results, 'bench.md');
if (!existsSync(jsonFile) || !existsSync(mdFile)) {
  problems.push('perf/results/bench.json or bench.md is missing: run `pnpm bench` and commit perf/results.');
} else {
  const json = JSON.parse(readFileSync(jsonFile, 'utf8')) as {
    quick: boolean;
    machine: { cores: number; node: string };
    table: { section: string; rows: unknown[] }[];
  };
  if (json.quick) problems.push('perf/results holds a BENCH_QUICK run; commit a full `pnpm bench` run.');
  if (!json.machine?.cores || !json.machine?.node) problems.push('bench.json lacks the machine info.');
  const present = new Set(json.table.filter((s) => s.rows.length > 0).map((s) => s.section));
  for (const name of SECTIONS) if (!present.has(name)) problems.push(`bench.json has no "${name}" figures.`);
  const md = readFileSync(mdFile, 'utf8');
  const readme = readFileSync(resolve(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
  const begin = readme.indexOf(README_BEGIN);
  const end = readme.indexOf(README_END);
  if (begin === -1 || end === -1) problems.push('README.md has no Performance markers.');
  else if (readme.slice(begin + README_BEGIN.length, end).trim() !== md.trim()) {
    problems.push('README.md Performance table differs from perf/results/bench.md: run `pnpm bench`.');
  }
}

if (problems.length > 0) {
  process.stderr.write(`${problems.map((p) => `✗ ${p}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write('✓ perf/results is a full run and the README shows its table\n');
