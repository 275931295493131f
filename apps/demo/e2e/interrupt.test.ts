// Ctrl-C while the demo is still starting (the database being created, the dashboard being built), as a
// user does who changes their mind: everything started so far stops, no process is left, the ports are
// free, and the next start completes the seed. Started as the README says, `npm run demo`.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { freePort, type LaunchedDemo, launchDemo } from '../scripts/launch.mjs';

const dataDir = mkdtempSync(join(tmpdir(), 'refundkit-demo-interrupt-'));
const running: LaunchedDemo[] = [];

afterAll(async () => {
  for (const demo of running) if (demo.groupAlive()) await demo.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

const isFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

test('Ctrl-C during the first start stops what has started; the next start finishes the job', async () => {
  const port = await freePort();
  // tsx's cache off: as on a fresh clone, the modules are still being compiled when Ctrl-C arrives, and
  // Ctrl-C stops the compiler's helper process as well.
  const env = {
    RK_DEMO_DATA_DIR: dataDir,
    RK_DEMO_PORT: String(port),
    RK_DEMO_SERVER_PORT: '0',
    TSX_DISABLE_CACHE: '1',
  };
  const first = launchDemo({ env });
  running.push(first);
  // The backend is listening and the refund server is starting: the middle of a first start.
  await first.waitFor(/starting the refund server/, 120_000);
  const timer = setTimeout(() => void first.kill(), 60_000);
  await first.interrupt();
  clearTimeout(timer);
  const said = first.output();
  expect(said).toMatch(/SIGINT: stopping (what has started|the refund server)/);
  expect(said, said).toMatch(/Stopped\.\n$/);
  expect(said).not.toContain('did not stop');
  expect(first.groupAlive()).toBe(false);
  expect(await isFree(port)).toBe(true);

  const second = launchDemo({ env });
  running.push(second);
  await second.waitFor(/Refundkit demo is ready/, 200_000);
  const payments = await fetch(`http://127.0.0.1:${port}/api/payments`);
  expect(((await payments.json()) as { data: unknown[] }).data).toHaveLength(8);
  await second.interrupt();
  expect(second.output()).toContain('Stopped. The data is kept for the next start.');
  expect(second.groupAlive()).toBe(false);
  expect(await isFree(port)).toBe(true);
});

test('Ctrl-C the moment the ready lines appear stops the demo (a signal is never dropped)', async () => {
  // The demo once swapped its signal handlers as it became ready, and a Ctrl-C landing in between was
  // lost: the demo ran on. Each start here is interrupted as soon as its last ready line is printed.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const demo = launchDemo({
      env: { RK_DEMO_DATA_DIR: dataDir, RK_DEMO_PORT: String(port), RK_DEMO_SERVER_PORT: '0' },
    });
    running.push(demo);
    await demo.waitFor(/Press Ctrl-C to stop\./, 200_000);
    const lost = setTimeout(() => void demo.kill(), 60_000);
    await demo.interrupt();
    clearTimeout(lost);
    expect(demo.output(), `attempt ${attempt}`).toContain('Stopped. The data is kept for the next start.');
    expect(demo.groupAlive()).toBe(false);
    expect(await isFree(port)).toBe(true);
  }
});
