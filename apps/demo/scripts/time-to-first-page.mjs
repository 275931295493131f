// Measures how long `npm run demo` takes from the command to the first dashboard page served, and to
// the demo being ready (refund server up, seed done, the "ready" lines printed).
// Two starts on a fresh temporary data directory: the first start (database created and seeded) and a
// second start (data kept). Ports are free ones; the demo is stopped with SIGINT after each start.
//
//   node apps/demo/scripts/time-to-first-page.mjs [--rebuild]
//
// --rebuild deletes the built dashboard first, to include the build a first start after an install does.
// Prints one line per start, then one JSON line (the last line of stdout):
//   {"firstStart":{"firstPageMs":…,"readyMs":…,"builtDashboard":…},"secondStart":{…},"goalMs":10000}
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, launchDemo } from './launch.mjs';

const GOAL_MS = 10_000;
const TIMEOUT_MS = 180_000;

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

async function measure(dataDir) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const demo = launchDemo({
    env: { RK_DEMO_DATA_DIR: dataDir, RK_DEMO_PORT: String(port), RK_DEMO_SERVER_PORT: '0' },
  });
  try {
    const exited = demo.exited.then(() => {
      throw new Error(`the demo exited while starting:\n${demo.output()}`);
    });
    const page = poll(`${url}/`, (r, body) => r.status === 200 && body.includes('<div id="root">'));
    const ready = demo.waitFor(/Refundkit demo is ready/, TIMEOUT_MS).then(() => performance.now());
    const firstPage = await Promise.race([page, exited]);
    const allReady = await Promise.race([ready, exited]);
    exited.catch(() => {});
    return {
      firstPageMs: Math.round(firstPage - demo.startedAt),
      readyMs: Math.round(allReady - demo.startedAt),
      builtDashboard: demo.output().includes('building the dashboard'),
    };
  } finally {
    const { code, signal } = await Promise.race([
      demo.interrupt(),
      new Promise((resolve) => setTimeout(resolve, 30_000)).then(() => demo.kill()),
    ]);
    if (code !== 0)
      process.stderr.write(
        `the demo did not stop cleanly (${signal ?? `exit ${code}`}):\n${demo.output()}\n`,
      );
  }
}

if (process.argv.includes('--rebuild')) {
  rmSync(fileURLToPath(new URL('../dist/web', import.meta.url)), { recursive: true, force: true });
}
const dataDir = mkdtempSync(join(tmpdir(), 'refundkit-demo-bench-'));
try {
  const firstStart = await measure(dataDir);
  const secondStart = await measure(dataDir);
  const line = (name, r) =>
    `${name}: first page ${(r.firstPageMs / 1000).toFixed(2)} s, ready ${(r.readyMs / 1000).toFixed(2)} s` +
    (r.builtDashboard ? ' (dashboard built)' : '');
  console.log(line('demo first start (new data directory)', firstStart));
  console.log(line('demo second start (data kept)       ', secondStart));
  console.log(JSON.stringify({ firstStart, secondStart, goalMs: GOAL_MS }));
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
