import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createClient, type RefundkitClient } from '@refundkit/sdk';
import type { RunningServer } from '@refundkit/server';
import { type Backend, startBackend } from './backend.js';
import { type DashboardBuild, ensureDashboard, WEB_DIR } from './dashboard.js';
import { lockDataDir } from './lock.js';
import { type SeedResult, seedDemo } from './seed.js';
import { type StorybookSite, storybookSite } from './storybook.js';

export interface DemoOptions {
  /** Data directory: the server's PGlite database and keys, the webhook log. */
  dataDir: string;
  /** Dashboard and backend. 0 picks a free port. Default 4300. */
  port?: number;
  /** The refund server. 0 picks a free port. Default 4242. */
  serverPort?: number;
  host?: string;
  /** How long refunds stay pending. Default 1500 ms: long enough to watch, short enough to wait for. */
  refundDelayMs?: number;
  /** Progress lines while starting. */
  log?: (line: string) => void;
  /** Aborts a start in progress (Ctrl-C while the database starts): what was started is stopped. */
  signal?: AbortSignal;
  /** Where the components' Storybook is built and served from. Default apps/demo/dist/storybook. */
  storybookDir?: string;
}

export interface RunningDemo {
  readonly dashboardUrl: string;
  readonly serverUrl: string;
  readonly docsUrl: string;
  readonly webhookUrl: string;
  readonly keys: { readonly test: string; readonly live: string };
  readonly generatedKeys: boolean;
  readonly storage: 'pglite' | 'postgres';
  readonly dataDir: string;
  readonly seed: SeedResult;
  /**
   * The components' Storybook at /storybook/: ready, or being built in the background (the first
   * start after an install or a change); `storybook.build()` resolves when that is done.
   */
  readonly storybook: StorybookSite;
  /** The backend's SDK client (holding the test key). */
  readonly client: RefundkitClient;
  /** Whether this start built the dashboard. */
  readonly builtDashboard: boolean;
  close(): Promise<void>;
}

/**
 * Starts the whole demo in this process: the dashboard build (in a child process, only when stale),
 * the backend, the refund server on its own data directory with webhooks to the backend, then the seed.
 * Resolves once everything is up, then builds the Storybook if it is missing or stale; `close()` stops
 * it all, a build still running included.
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const log = options.log ?? (() => {});
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const unlock = lockDataDir(dataDir);
  const refundDelayMs = options.refundDelayMs ?? 1500;
  let build: DashboardBuild | undefined;
  let backend: Backend | undefined;
  let server: RunningServer | undefined;
  const storybook = storybookSite(options.storybookDir);
  const stop = async () => {
    await Promise.all([build?.cancel(), storybook.cancel()]);
    // The server first: its workers stop delivering before the backend that receives them goes.
    await server?.close();
    await backend?.close();
    unlock();
  };
  const check = () => options.signal?.throwIfAborted();
  const onAbort = () => void build?.cancel();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    check();
    build = ensureDashboard(log);
    backend = await startBackend({
      port: options.port ?? 4300,
      host: options.host,
      webDir: WEB_DIR,
      webReady: build.done,
      storybook,
      webhookLogFile: join(dataDir, 'webhooks.jsonl'),
      refundDelayMs,
    });
    check();
    log(`dashboard listening on ${backend.url}; starting the refund server…`);
    // Loaded only now: the backend answers (and serves the first page) while the server's modules load.
    const { createServer } = await import('@refundkit/server');
    check();
    server = await createServer({
      port: options.serverPort ?? 4242,
      host: options.host,
      dataDir: join(dataDir, 'server'),
      refundDelayMs,
      webhookUrl: backend.webhookUrl,
    });
    check();
    const client = createClient({
      dialect: 'convergegate',
      baseUrl: server.url,
      secretKey: server.keys.test,
    });
    backend.attach({ client, serverUrl: server.url, docsUrl: server.docsUrl });
    const seed = await seedDemo(client);
    check();
    await build.done;
    check();
    options.signal?.removeEventListener('abort', onAbort);
    // Only now, so the build does not slow the start; the page at /storybook/ says it is coming.
    void storybook.build();
    let closing: Promise<void> | undefined;
    return {
      dashboardUrl: backend.url,
      serverUrl: server.url,
      docsUrl: server.docsUrl,
      webhookUrl: backend.webhookUrl,
      keys: server.keys,
      generatedKeys: server.generatedKeys.test || server.generatedKeys.live,
      storage: server.storage,
      dataDir,
      seed,
      storybook,
      client,
      builtDashboard: build.building,
      close: () => {
        closing ??= stop();
        return closing;
      },
    };
  } catch (error) {
    options.signal?.removeEventListener('abort', onAbort);
    await stop().catch(() => undefined);
    throw error;
  }
}
