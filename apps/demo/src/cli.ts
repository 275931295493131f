import { isAbsolute, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_DIR } from './dashboard.js';
import { type RunningDemo, startDemo } from './demo.js';

const HELP = `refundkit demo — the refund server, a backend holding the secret key and a React dashboard

Usage: pnpm demo [-- options]

  --port N             dashboard and backend port (env RK_DEMO_PORT; default 4300; 0 = any free port)
  --server-port N      refund server port (env RK_DEMO_SERVER_PORT; default 4242; 0 = any free port)
  --data DIR           data directory (env RK_DEMO_DATA_DIR; default apps/demo/.data)
  --refund-delay-ms N  how long refunds stay pending (env RK_DEMO_REFUND_DELAY_MS; default 1500)
  -h, --help           this text

The first start seeds the data directory; later starts keep it. Delete the directory to start over.`;

function number(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number ≥ 0, got "${value}".`);
  return n;
}

async function main(): Promise<void> {
  const started = performance.now();
  const env = process.env;
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'server-port': { type: 'string' },
      data: { type: 'string' },
      'refund-delay-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const dataDir = values.data ?? env['RK_DEMO_DATA_DIR'] ?? join(DEMO_DIR, '.data');
  out('Refundkit demo: starting…');
  // One handler for the whole run, never swapped: removing a signal's last listener closes its libuv
  // handle, and a Ctrl-C that arrived just then was dropped, leaving the demo running.
  const starting = new AbortController();
  let phase: 'starting' | 'running' | 'stopping' = 'starting';
  let running: RunningDemo | undefined;
  const stop = (demo: RunningDemo) => {
    phase = 'stopping';
    demo.close().then(
      () => {
        out('Stopped. The data is kept for the next start.');
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`The demo did not stop cleanly: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (phase === 'stopping' || starting.signal.aborted) {
      out(`${signal} again: exiting now.`);
      process.exit(130);
    }
    if (phase === 'starting') {
      // Ctrl-C while starting stops what has started, then exits.
      out(`\n${signal}: stopping what has started…`);
      starting.abort(new Error('stopped while starting'));
      return;
    }
    out(`\n${signal}: stopping the refund server, the backend and the dashboard…`);
    stop(running!);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let demo: RunningDemo;
  try {
    demo = await startDemo({
      signal: starting.signal,
      dataDir,
      port: number(values.port ?? env['RK_DEMO_PORT'], '--port') ?? 4300,
      serverPort: number(values['server-port'] ?? env['RK_DEMO_SERVER_PORT'], '--server-port') ?? 4242,
      refundDelayMs: number(values['refund-delay-ms'] ?? env['RK_DEMO_REFUND_DELAY_MS'], '--refund-delay-ms'),
      log: (line) => out(`  ${line}`),
    });
  } catch (error) {
    // Ctrl-C reaches every process of the command, the tsx compiler's helper too: a module still
    // loading then fails with whatever it says. Once stopping was asked for, any failure is the stop.
    if (starting.signal.aborted) {
      out('Stopped.');
      process.exit(130);
    }
    throw error;
  }
  if (starting.signal.aborted) {
    // Ctrl-C came after the start's last check: it is up, so stop it like any running demo.
    stop(demo);
    return;
  }
  running = demo;
  phase = 'running';
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const near = relative(process.cwd(), demo.dataDir) || '.';
  const where = near.startsWith('..') || isAbsolute(near) ? demo.dataDir : near;
  const seed =
    demo.seed.createdPayments + demo.seed.createdRefunds > 0
      ? `seeded ${demo.seed.createdPayments} payments and ${demo.seed.createdRefunds} refunds`
      : `kept the data of an earlier start (${demo.seed.payments} seeded payments)`;
  out(
    [
      '',
      `Refundkit demo is ready (${seconds} s)`,
      `  dashboard:      ${demo.dashboardUrl}`,
      `  refund server:  ${demo.serverUrl}  (${demo.storage}, data in ${where}; ${seed})`,
      `  API reference:  ${demo.docsUrl}`,
      `  storybook:      ${demo.dashboardUrl}/storybook/${demo.storybook.state === 'ready' ? '' : '  (being built, a few seconds)'}`,
      `  webhooks:       ${demo.webhookUrl}  (signed by the server, verified by the backend with the SDK)`,
      `  test key:       ${demo.keys.test}${demo.generatedKeys ? '  (generated now)' : ''}`,
      `  live key:       ${demo.keys.live}`,
      '',
      'The secret keys stay in the backend; the browser talks to the backend only. Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  if (demo.storybook.state !== 'ready') {
    const building = performance.now();
    await demo.storybook.build();
    if (phase !== 'running') return;
    // Read again: the build has moved it on.
    const { state } = demo.storybook as { state: string };
    if (state === 'ready') {
      const took = ((performance.now() - building) / 1000).toFixed(1);
      out(`Storybook is built (${took} s): ${demo.dashboardUrl}/storybook/`);
    } else if (state === 'failed') {
      process.stderr.write(
        `Storybook could not be built; the demo keeps running.\n${demo.storybook.error}\n`,
      );
    }
  }
}

main().catch((error: unknown) => {
  const e = error as NodeJS.ErrnoException & { port?: number };
  const message =
    e?.code === 'EADDRINUSE'
      ? `A port is already in use (${e.message}). Pick others with --port / --server-port, or 0 for any free port.`
      : e instanceof Error
        ? e.message
        : String(error);
  process.stderr.write(`refundkit demo: ${message}\n`);
  process.exit(1);
});
