// Measures how long the README's `npm run demo` takes from the command to the first dashboard page
// served, to the demo being ready (refund server up, seed done, the "ready" lines printed) and to the
// Storybook link answering with Storybook. Two starts on a fresh temporary data directory (the first
// creates and seeds the database, the second keeps it), beside a baseline from the same run: `npm run`
// of a bare node:http server answering the same page, the floor for any "npm run" command. Ports are
// free ones; each start is stopped with SIGINT to its process group, as Ctrl-C does.
//
//   node apps/demo/scripts/time-to-first-page.mjs [--rebuild] [--json FILE]
//
// --rebuild  deletes the demo's built dashboard and Storybook first: the state of a fresh clone after
//            `npm run setup`, which is what the goal (first page within 10 s after install) is about.
// --json F   also writes the result object to F.
// Prints one line per start, then the result as one JSON line (always the last line of stdout).
// Exits 1 when a start fails or does not stop cleanly; a missed goal is a figure, not a failure.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, launchDemo, README_COMMAND, terminalEnv } from './launch.mjs';

const GOAL_MS = 10_000;
const TIMEOUT_MS = 180_000;
const DIST = new URL('../dist/', import.meta.url);

const { values } = parseArgs({
  options: { rebuild: { type: 'boolean' }, json: { type: 'string' } },
  strict: true,
});

async function poll(url, ok) {
  const deadline = performance.now() + TIMEOUT_MS;
  while (performance.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      const body = await response.text();
      if (ok(response, body)) return performance.now();
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${url} did not answer in ${TIMEOUT_MS} ms`);
}

const isDashboard = (r, body) => r.status === 200 && body.includes('<div id="root">');

async function measure(dataDir) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const demo = launchDemo({
    env: { RK_DEMO_DATA_DIR: dataDir, RK_DEMO_PORT: String(port), RK_DEMO_SERVER_PORT: '0' },
  });
  let result;
  try {
    const exited = demo.exited.then(() => {
      throw new Error(`the demo exited while starting:\n${demo.output()}`);
    });
    exited.catch(() => {});
    const page = poll(`${url}/`, isDashboard);
    const ready = demo.waitFor(/Refundkit demo is ready/, TIMEOUT_MS).then(() => performance.now());
    const storybook = poll(`${url}/storybook/`, (r) => r.status === 200);
    const firstPage = await Promise.race([page, exited]);
    const allReady = await Promise.race([ready, exited]);
    const storybookServed = await Promise.race([storybook, exited]);
    result = {
      firstPageMs: Math.round(firstPage - demo.startedAt),
      readyMs: Math.round(allReady - demo.startedAt),
      storybookMs: Math.round(storybookServed - demo.startedAt),
      builtDashboard: demo.output().includes('building the dashboard'),
      builtStorybook: demo.output().includes('Storybook is built'),
    };
  } finally {
    await Promise.race([
      demo.interrupt(),
      new Promise((resolve) => setTimeout(resolve, 30_000)).then(() => demo.kill()),
    ]);
  }
  if (demo.groupAlive()) throw new Error(`processes of the demo outlived it:\n${demo.output()}`);
  if (!demo.output().includes('Stopped. The data is kept')) {
    throw new Error(`the demo did not stop cleanly:\n${demo.output()}`);
  }
  return result;
}

/** `npm run` of a bare node:http server answering the page: what any such command costs here. */
async function baseline() {
  const dir = mkdtempSync(join(tmpdir(), 'refundkit-demo-baseline-'));
  try {
    const port = await freePort();
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'baseline', private: true, scripts: { serve: 'node serve.mjs' } }),
    );
    writeFileSync(
      join(dir, 'serve.mjs'),
      `import { createServer } from 'node:http';
createServer((req, res) => res.end('<!doctype html><div id="root"></div>')).listen(${port}, '127.0.0.1');
process.on('SIGINT', () => process.exit(0));`,
    );
    const started = performance.now();
    const child = spawn(README_COMMAND[0], ['run', 'serve'], {
      cwd: dir,
      env: terminalEnv(),
      detached: true,
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      const served = await poll(`http://127.0.0.1:${port}/`, isDashboard);
      return { firstPageMs: Math.round(served - started) };
    } finally {
      process.kill(-child.pid, 'SIGINT');
      await exited;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (values.rebuild) {
  for (const part of ['web', 'storybook']) rmSync(new URL(part, DIST), { recursive: true, force: true });
}
const loadAtStart = loadavg()[0];
const dataDir = mkdtempSync(join(tmpdir(), 'refundkit-demo-bench-'));
let firstStart;
let secondStart;
try {
  firstStart = await measure(dataDir);
  secondStart = await measure(dataDir);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
const floor = await baseline();

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const met = firstStart.firstPageMs <= GOAL_MS;
const ratio = (ms) => `×${(ms / floor.firstPageMs).toFixed(1)}`;
const verdict = (ms) => `≤ ${GOAL_MS / 1000} s: ${ms <= GOAL_MS ? 'met' : 'missed'}`;
const after = values.rebuild ? 'after install (nothing built)' : 'builds as found';
const result = {
  name: 'demo-time-to-first-page',
  command: README_COMMAND.join(' '),
  measuredAt: new Date().toISOString(),
  machine: { cpus: cpus().length, node: process.version, loadAverage1mAtStart: loadAtStart },
  rebuild: Boolean(values.rebuild),
  goalMs: GOAL_MS,
  goalMet: met,
  firstStart,
  secondStart,
  baseline: { what: 'npm run of a bare node:http server answering the page', ...floor },
  // The lines of `pnpm bench`'s table (perf/bench/types.ts Row), ready to be copied in.
  rows: [
    {
      figure: `\`${README_COMMAND.join(' ')}\` to the first page, first start ${after}`,
      measured: `${s(firstStart.firstPageMs)}; ready ${s(firstStart.readyMs)}; Storybook ${s(firstStart.storybookMs)}`,
      baseline: `bare npm run + node:http: ${s(floor.firstPageMs)}`,
      ratio: ratio(firstStart.firstPageMs),
      goal: verdict(firstStart.firstPageMs),
    },
    {
      figure: `\`${README_COMMAND.join(' ')}\` to the first page, second start (data kept)`,
      measured: `${s(secondStart.firstPageMs)}; ready ${s(secondStart.readyMs)}`,
      baseline: `bare npm run + node:http: ${s(floor.firstPageMs)}`,
      ratio: ratio(secondStart.firstPageMs),
      goal: '',
    },
  ],
};
const line = (name, r) =>
  `${name}: first page ${s(r.firstPageMs)}, ready ${s(r.readyMs)}, Storybook ${s(r.storybookMs)}` +
  [r.builtDashboard ? ' (dashboard built)' : '', r.builtStorybook ? ' (Storybook built)' : ''].join('');
console.log(line('demo first start (new data directory)', firstStart));
console.log(line('demo second start (data kept)       ', secondStart));
console.log(`baseline: bare \`npm run\` + node:http: first page ${s(floor.firstPageMs)}`);
console.log(`goal (first page ≤ ${GOAL_MS / 1000} s on the first start ${after}): ${met ? 'met' : 'missed'}`);
if (values.json) {
  const file = resolve(values.json);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
}
console.log(JSON.stringify(result));
