#!/usr/bin/env node
// The seed loop (not part of CI): runs every randomized test — fast-check properties and the
// bad-input fuzz — once per fresh seed, one package at a time, and sums up which seeds failed with
// the one command that replays each. A suite that fails on one seed in a hundred fails a release in
// a hundred; this is how such a seed is found before a user finds it.
//
//   node scripts/seeds.mjs                 50 fresh seeds, every target
//   node scripts/seeds.mjs --seeds 100     more seeds
//   node scripts/seeds.mjs --only core,fuzz
//   node scripts/seeds.mjs --seed 675580   one given seed (repeatable: --seed 1 --seed 2)
//
// The fuzz sends RK_SEEDS_FUZZ_REQUESTS malformed requests per seed (default 1000; CI's run sends
// 10,000 with one seed): each seed still draws its own cases, from every class of the generator.
// The fuzz needs the built server (`pnpm build`) and Postgres, as `pnpm test:reliability` does.
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

/** Every randomized test file, by package; `config` when it is not the package's default one. */
const TARGETS = [
  {
    name: 'core',
    pkg: '@refundkit/core',
    files: ['src/properties.test.ts'],
    args: ['--typecheck.enabled=false'],
  },
  // The properties test pure state machines: one React project draws the same cases as both.
  {
    name: 'react',
    pkg: '@refundkit/react',
    files: ['src/request.test.ts', 'src/dialog/flow.test.ts'],
    args: ['--project', 'react19'],
  },
  { name: 'perf', pkg: '@refundkit/perf', files: ['test/malformed.test.ts', 'test/replay.test.ts'] },
  {
    name: 'fuzz',
    pkg: '@refundkit/perf',
    config: 'vitest.reliability.config.ts',
    files: ['reliability/bad-input.test.ts'],
    env: { RK_BAD_INPUT_REQUESTS: process.env['RK_SEEDS_FUZZ_REQUESTS'] ?? '1000' },
  },
];

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '50' },
    seed: { type: 'string', multiple: true },
    only: { type: 'string' },
  },
});
const seeds = values.seed?.length
  ? values.seed.map(Number)
  : Array.from({ length: Number(values.seeds) }, () => randomInt(0, 2 ** 31 - 1));
const only = values.only?.split(',');
const targets = TARGETS.filter((t) => !only || only.includes(t.name));
if (targets.length === 0 || seeds.some((s) => !Number.isSafeInteger(s) || s < 0)) {
  console.error(
    `usage: node scripts/seeds.mjs [--seeds N | --seed S ...] [--only ${TARGETS.map((t) => t.name)}]`,
  );
  process.exit(2);
}

const logDir = join(tmpdir(), `refundkit-seeds-${Date.now()}`);
mkdirSync(logDir, { recursive: true });

/** The command the seed reporter would print, for a run that died before it could. */
const fallbackCommand = (t, seed) =>
  [
    `RK_SEED=${seed} pnpm --filter ${t.pkg} exec vitest run`,
    ...(t.config ? ['--config', t.config] : []),
    ...t.files,
  ].join(' ');

function run(t, seed) {
  const args = [
    '--filter',
    t.pkg,
    'exec',
    'vitest',
    'run',
    ...(t.config ? ['--config', t.config] : []),
    ...(t.args ?? []),
    ...t.files,
  ];
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn('pnpm', args, {
      env: { ...process.env, ...t.env, RK_SEED: String(seed), FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('close', (code) => {
      const log = join(logDir, `${seed}-${t.name}.log`);
      writeFileSync(log, output);
      // The seed reporter's own lines: the exact replay commands of the files that failed.
      const printed = output.split('\n').filter((line) => /^\s+RK_SEED=\d+ pnpm /.test(line));
      resolve({
        target: t.name,
        seed,
        ok: code === 0,
        seconds: Math.round((Date.now() - started) / 100) / 10,
        log,
        replay: printed.length ? printed.map((l) => l.trim()) : [fallbackCommand(t, seed)],
      });
    });
  });
}

const results = [];
for (const [i, seed] of seeds.entries()) {
  for (const t of targets) {
    const result = await run(t, seed);
    results.push(result);
    console.log(
      `[${i + 1}/${seeds.length}] seed ${seed} ${t.name}: ${result.ok ? 'ok' : 'FAILED'} in ${result.seconds} s` +
        (result.ok ? '' : ` (log ${result.log})`),
    );
  }
}

const failures = results.filter((r) => !r.ok);
const summary = {
  seeds,
  targets: targets.map((t) => t.name),
  runs: results.length,
  failures: failures.map(({ target, seed, replay, log }) => ({ target, seed, replay, log })),
};
writeFileSync(join(logDir, 'summary.json'), JSON.stringify({ ...summary, results }, null, 2));
console.log(
  `\n${seeds.length} seeds × ${targets.length} targets (${targets.map((t) => t.name).join(', ')}): ` +
    `${results.length} runs, ${failures.length} failed. Logs and summary.json in ${logDir}`,
);
for (const f of failures) console.log(`  seed ${f.seed} ${f.target}:\n    ${f.replay.join('\n    ')}`);
process.exit(failures.length ? 1 : 0);
