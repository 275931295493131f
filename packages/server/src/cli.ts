#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { createServer, VERSION } from './server.js';

const HELP = `refundkit-server ${VERSION} — a stateful refund API: ConvergeGate at /v1, Stripe-compatible at
/stripe/v1, Checkout at /checkout/api

Usage: refundkit-server [options]

  --port N               port to listen on (env PORT; default 4242; 0 = any free port)
  --host HOST            interface to bind (env RK_HOST; default 127.0.0.1)
  --stripe-port N        also serve the Stripe-compatible dialect at /v1 on this port (env RK_STRIPE_PORT)
  --checkout-port N      also serve the Checkout dialect at /api on this port (env RK_CHECKOUT_PORT)
  --data DIR             PGlite data directory (env RK_DATA_DIR; default ./.refundkit)
  --database-url URL     use Postgres instead of PGlite (env DATABASE_URL)
  --in-memory            PGlite in memory: nothing is kept after exit
  --webhook-url URL      the account's webhook endpoint (env RK_WEBHOOK_URL)
  --refund-delay-ms N    how long refunds stay pending (env RK_REFUND_DELAY_MS; default 2000)
  --test-key KEY         sk_test_… secret key (env RK_TEST_KEY; generated on first start)
  --live-key KEY         sk_live_… secret key (env RK_LIVE_KEY; generated on first start)
  --webhook-retry-scale X  multiply webhook retry delays (env RK_WEBHOOK_RETRY_SCALE; default 1)
  --no-workers           serve the API only; another process runs the processor and webhooks
  --metrics-port N       serve Prometheus metrics at /metrics on this port (env RK_METRICS_PORT; off when unset)
  --metrics-host HOST    the metrics listener's interface (env RK_METRICS_HOST; default 127.0.0.1)
  --shutdown-timeout-ms N  on SIGTERM/SIGINT, how long to drain before giving up and exiting 1
                         (env RK_SHUTDOWN_TIMEOUT_MS; default 10000)
  --quiet                no request logs
  -h, --help             this text
  -v, --version          the version

Keys are stored hashed. Generated keys are printed and, with a data directory, kept in
DIR/keys.json (mode 0600) so the next start prints them again. With DATABASE_URL, pass the keys.`;

function number(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${value}".`);
  return n;
}

async function main(): Promise<void> {
  const env = process.env;
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'stripe-port': { type: 'string' },
      'checkout-port': { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      'database-url': { type: 'string' },
      'in-memory': { type: 'boolean' },
      'webhook-url': { type: 'string' },
      'refund-delay-ms': { type: 'string' },
      'test-key': { type: 'string' },
      'live-key': { type: 'string' },
      'webhook-retry-scale': { type: 'string' },
      'no-workers': { type: 'boolean' },
      'metrics-port': { type: 'string' },
      'metrics-host': { type: 'string' },
      'shutdown-timeout-ms': { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  const databaseUrl = values['database-url'] ?? env['DATABASE_URL'] ?? undefined;
  const shutdownTimeoutMs =
    number(values['shutdown-timeout-ms'] ?? env['RK_SHUTDOWN_TIMEOUT_MS'], '--shutdown-timeout-ms') ?? 10_000;
  const metricsPort = number(values['metrics-port'] ?? env['RK_METRICS_PORT'], '--metrics-port');
  const server = await createServer({
    port: number(values.port ?? env['PORT'], '--port') ?? 4242,
    host: values.host ?? env['RK_HOST'] ?? '127.0.0.1',
    stripePort: number(values['stripe-port'] ?? env['RK_STRIPE_PORT'], '--stripe-port'),
    checkoutPort: number(values['checkout-port'] ?? env['RK_CHECKOUT_PORT'], '--checkout-port'),
    ...(databaseUrl ? { databaseUrl } : {}),
    dataDir: values.data ?? env['RK_DATA_DIR'] ?? './.refundkit',
    inMemory: values['in-memory'] ?? false,
    webhookUrl: values['webhook-url'] ?? env['RK_WEBHOOK_URL'] ?? undefined,
    refundDelayMs:
      number(values['refund-delay-ms'] ?? env['RK_REFUND_DELAY_MS'], '--refund-delay-ms') ?? 2000,
    testKey: values['test-key'] ?? env['RK_TEST_KEY'] ?? undefined,
    liveKey: values['live-key'] ?? env['RK_LIVE_KEY'] ?? undefined,
    webhookRetryScale:
      number(values['webhook-retry-scale'] ?? env['RK_WEBHOOK_RETRY_SCALE'], '--webhook-retry-scale') ?? 1,
    workers: !values['no-workers'],
    logger: !values.quiet,
    ...(metricsPort === undefined
      ? {}
      : { metricsPort, metricsHost: values['metrics-host'] ?? env['RK_METRICS_HOST'] ?? '127.0.0.1' }),
  });
  const generated = server.generatedKeys.test || server.generatedKeys.live ? ' (generated now)' : '';
  process.stdout.write(
    [
      `refundkit-server listening on ${server.url} (${server.storage})`,
      `  test key: ${server.keys.test}${generated}`,
      `  live key: ${server.keys.live}`,
      `  docs:     ${server.docsUrl}`,
      ...(server.stripeUrl ? [`  stripe:   ${server.stripeUrl}/v1 (also ${server.url}/stripe/v1)`] : []),
      ...(server.checkoutUrl
        ? [`  checkout: ${server.checkoutUrl}/api (also ${server.url}/checkout/api)`]
        : []),
      `  openapi:  ${server.url}/openapi.json`,
      ...(server.metricsUrl ? [`  metrics:  ${server.metricsUrl}/metrics`] : []),
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: draining requests and stopping workers…\n`);
    // Past the bound, say what is cut and exit 1: a supervisor must not wait for ever, and a
    // committed transaction is safe anyway (a refund's job resumes in the next process).
    const bound = setTimeout(() => {
      const { requests, workers } = server.activity();
      process.stderr.write(
        `shutdown timed out after ${shutdownTimeoutMs} ms; cut: ${requests} request(s) in flight` +
          `${workers.length > 0 ? `, ${workers.join(', ')} mid-round` : ''}\n`,
      );
      process.exit(1);
    }, shutdownTimeoutMs);
    server.close().then(
      () => {
        clearTimeout(bound);
        process.stdout.write('stopped\n');
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`refundkit-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
