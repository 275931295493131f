import { isAbsolute, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { redact } from './postgres.mjs';
import { ADMIN, APP_DIR, builtBefore, startStore } from './store.mjs';

const HELP = `refundkit Medusa demo — a Medusa 2.21 store with @refundkit/medusa, seeded with paid BLIK orders

Usage: pnpm demo:medusa [-- options]

  --port N          Medusa's port, admin at /app (env RK_MEDUSA_PORT; default 9000)
  --server-port N   refundkit server (the gateway) port (env RK_MEDUSA_SERVER_PORT; default 4243; 0 = any free port)
  --data DIR        the gateway's data, Medusa's embedded database and Medusa's log
                    (env RK_MEDUSA_DATA_DIR; default apps/medusa-store/.data)
  --database-url URL
                    Medusa's database on a Postgres server (env DATABASE_URL; a URL without a
                    database name means refundkit_medusa_demo; created if missing). Without it,
                    Medusa runs on PGlite, embedded in the demo, kept in DIR/medusa
  --reset           remove the data directory (and drop the Postgres database) first, and seed again
  -h, --help        this text

The first start builds the plugin and the admin, migrates Medusa's database and seeds it; later
starts keep it.`;

function port(value: string | undefined, name: string, fallback: number, allowZero: boolean): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1) || n > 65_535) {
    throw new Error(`${name} must be a port number${allowZero ? ' (or 0)' : ''}, got "${value}".`);
  }
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
      'database-url': { type: 'string' },
      reset: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const out = (line: string) => process.stdout.write(`${line}\n`);
  if (values.help) {
    out(HELP);
    return;
  }
  const dataDir = values.data ?? env.RK_MEDUSA_DATA_DIR ?? join(APP_DIR, '.data');
  out(
    `Refundkit Medusa demo: starting…${builtBefore() ? '' : ' (first start: building the admin takes a few minutes)'}`,
  );
  const starting = new AbortController();
  const abortStart = (signal: NodeJS.Signals) => {
    if (starting.signal.aborted) process.exit(130);
    out(`\n${signal}: stopping what has started…`);
    starting.abort(new Error('stopped while starting'));
  };
  process.on('SIGINT', abortStart);
  process.on('SIGTERM', abortStart);
  const store = await startStore({
    port: port(values.port ?? env.RK_MEDUSA_PORT, '--port', 9000, false),
    serverPort: port(values['server-port'] ?? env.RK_MEDUSA_SERVER_PORT, '--server-port', 4243, true),
    dataDir,
    databaseUrl: values['database-url'] ?? (env.DATABASE_URL || undefined),
    reset: values.reset,
    signal: starting.signal,
    log: (line) => out(`  ${line}`),
  });
  const near = relative(process.cwd(), dataDir) || '.';
  const where = near.startsWith('..') || isAbsolute(near) ? dataDir : near;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const seeded = store.seed.created.length
    ? `seeded ${store.seed.created.length} paid orders`
    : `kept the data of an earlier start (${store.seed.orderCount} orders)`;
  out(
    [
      '',
      `Refundkit Medusa store is ready (${seconds} s; ${seeded})`,
      `  admin:          ${store.adminUrl}`,
      `  admin login:    ${ADMIN.email} / ${ADMIN.password}`,
      `  store API:      ${store.storeUrl}  (publishable key ${store.publishableKey})`,
      `  refund server:  ${store.serverUrl}  (the ConvergeGate gateway; data in ${where})`,
      `  test key:       ${store.keys.test}${store.generatedKeys ? '  (generated now)' : ''}`,
      `  database:       ${
        store.embeddedDatabase
          ? `PGlite in ${join(where, 'medusa')}, served at ${store.databaseUrl} while the demo runs`
          : `${redact(store.databaseUrl)} (DATABASE_URL)`
      }`,
      `  Medusa's log:   ${store.logPath}`,
      '',
      'Open an order in the admin: the Refunds card shows each refund live and refunds through Medusa.',
      'Press Ctrl-C to stop. The next start keeps the data (--reset starts over).',
      '',
    ].join('\n'),
  );
  process.off('SIGINT', abortStart);
  process.off('SIGTERM', abortStart);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      out(`${signal} again: exiting now.`);
      process.exit(130);
    }
    stopping = true;
    out(`\n${signal}: stopping Medusa and the refund server…`);
    store.close().then(
      () => {
        out('Stopped. The data is kept for the next start.');
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`The Medusa demo did not stop cleanly: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  void store.medusaExited.then(({ code, signal }) => {
    if (stopping) return;
    process.stderr.write(`Medusa stopped by itself (${signal ?? `exit ${code}`}); see ${store.logPath}.\n`);
    void store.close().finally(() => process.exit(1));
  });
}

main().catch((error: unknown) => {
  if ((error as Error)?.message === 'stopped while starting') {
    process.stdout.write('Stopped.\n');
    process.exit(130);
  }
  const e = error as NodeJS.ErrnoException;
  const message =
    e?.code === 'EADDRINUSE'
      ? `A port is already in use (${e.message}). Pick others with --port / --server-port.`
      : e instanceof Error
        ? e.message
        : String(error);
  process.stderr.write(`refundkit Medusa demo: ${message}\n`);
  process.exit(1);
});
