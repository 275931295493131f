import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type Listening, spawnListening } from './spawn.js';

/** The keys every perf server starts with (the CLI would otherwise generate them). */
export const KEYS = {
  test: 'sk_test_refundkit_perf_suite_0001',
  live: 'sk_live_refundkit_perf_suite_0001',
} as const;

export interface ServerProcessOptions {
  /** Postgres; without it the server runs on an in-memory PGlite. */
  databaseUrl?: string | undefined;
  /** A PGlite data directory on disk (the CLI's `--data`) instead of PGlite in memory. */
  dataDir?: string | undefined;
  /** Default 0: any free port. A restart after a crash can ask for the old one. */
  port?: number | undefined;
  webhookUrl?: string | undefined;
  /** Default 60 000: refunds stay pending through a benchmark, so the figure is the create path. */
  refundDelayMs?: number | undefined;
  webhookRetryScale?: number | undefined;
  /** Default true. */
  workers?: boolean | undefined;
  /** How long to wait for "listening" (a busy 2-core machine boots PGlite slowly). Default 180 s. */
  startTimeoutMs?: number | undefined;
}

export type ServerProcess = Listening;

/** The built CLI (`refundkit-server`): perf measures what ships, so `pnpm build` must have run. */
export function serverCli(): string {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('@refundkit/server/package.json'));
  const cli = join(dir, 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`pnpm build\` (pnpm bench and turbo do).`);
  return cli;
}

/** Starts `refundkit-server` as a child process and waits until it listens. */
export function startServer(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const args = [
    serverCli(),
    '--port',
    String(options.port ?? 0),
    '--quiet',
    '--test-key',
    KEYS.test,
    '--live-key',
    KEYS.live,
    '--refund-delay-ms',
    String(options.refundDelayMs ?? 60_000),
  ];
  if (options.databaseUrl) args.push('--database-url', options.databaseUrl);
  else if (options.dataDir) args.push('--data', options.dataDir);
  else args.push('--in-memory');
  if (options.webhookUrl) args.push('--webhook-url', options.webhookUrl);
  if (options.webhookRetryScale !== undefined) {
    args.push('--webhook-retry-scale', String(options.webhookRetryScale));
  }
  if (options.workers === false) args.push('--no-workers');
  const env = { ...process.env };
  delete env['DATABASE_URL'];
  return spawnListening(args, { env, timeoutMs: options.startTimeoutMs ?? 180_000 });
}
