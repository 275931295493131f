import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type MedusaDatabase, openDatabase } from './database.mjs';
import { connect } from './medusa-api.mjs';
import { dropDatabase, ensureDatabase, hasUser, postgresTarget } from './postgres.mjs';
import { logFile, run, type Service, start, waitUntil } from './processes.mjs';
import { type SeedResult, seedStore } from './seed.mjs';

export const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = join(APP_DIR, '..', '..');
const BUILT = join(APP_DIR, '.medusa', 'server');
const MEDUSA = join(APP_DIR, 'node_modules', '.bin', 'medusa');
const TURBO = join(ROOT, 'node_modules', '.bin', 'turbo');

export const ADMIN = { email: 'admin@refundkit.test', password: 'refundkit-demo' };

export interface StoreOptions {
  /** Medusa's port (its admin is at /app). */
  port: number;
  /** The refundkit server's port (the gateway); 0 for any free port. */
  serverPort: number;
  /** The refundkit server's PGlite data, Medusa's embedded PGlite and Medusa's log. */
  dataDir: string;
  /** Medusa's database on a Postgres server (DATABASE_URL); without it, an embedded PGlite. */
  databaseUrl?: string | undefined;
  /** Drop the Postgres database and the data directory first. */
  reset?: boolean | undefined;
  refundDelayMs?: number | undefined;
  signal?: AbortSignal | undefined;
  log: (line: string) => void;
}

export interface RunningStore {
  adminUrl: string;
  storeUrl: string;
  serverUrl: string;
  /** Medusa's DATABASE_URL. */
  databaseUrl: string;
  /** Medusa's database is the embedded PGlite (in `dataDir`/medusa), served at `databaseUrl`. */
  embeddedDatabase: boolean;
  keys: { test: string; live: string };
  generatedKeys: boolean;
  publishableKey: string;
  seed: SeedResult;
  logPath: string;
  /** Resolves when Medusa's process ends by itself (a crash): the command then stops too. */
  medusaExited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  close(): Promise<void>;
}

/**
 * Builds what Medusa loads (the plugin, the packages it needs and the store's admin: cached by turbo
 * after the first start), starts the refundkit server on its own PGlite data directory, prepares
 * Medusa's database (an embedded PGlite, or the Postgres DATABASE_URL names: migrations, the admin
 * user), starts Medusa and seeds it through its own API. A later start finds everything and keeps it.
 */
export async function startStore(options: StoreOptions): Promise<RunningStore> {
  const { log, signal } = options;
  const postgres = options.databaseUrl ? postgresTarget(options.databaseUrl) : null;
  if (options.reset) {
    if (postgres) {
      log(`reset: dropping database ${postgres.name}`);
      await dropDatabase(postgres);
    }
    log(`reset: removing ${options.dataDir}`);
    rmSync(options.dataDir, { recursive: true, force: true });
  }
  if (postgres && (await ensureDatabase(postgres)) === 'created') log(`created database ${postgres.name}`);
  mkdirSync(options.dataDir, { recursive: true });
  const logPath = join(options.dataDir, 'medusa.log');
  const logStream = logFile(logPath);
  const quietEnv = { ...process.env, FORCE_COLOR: '0', MEDUSA_DISABLE_TELEMETRY: 'true' };

  log('building the plugin and the store admin (turbo; only the first start takes minutes)…');
  await run(TURBO, ['run', 'build', '--filter=@refundkit/medusa-store...', '--output-logs=errors-only'], {
    cwd: ROOT,
    env: quietEnv,
    log: logStream,
    signal,
  });

  // Loaded once built: on a fresh clone their dist does not exist before the build above.
  const [{ createServer }, { createClient }] = await Promise.all([
    import('@refundkit/server'),
    import('@refundkit/sdk'),
  ]);
  const server = await createServer({
    port: options.serverPort,
    dataDir: join(options.dataDir, 'refundkit'),
    webhookUrl: `http://localhost:${options.port}/hooks/payment/refundkit_refundkit`,
    refundDelayMs: options.refundDelayMs ?? 1_500,
  });
  let medusa: Service | null = null;
  let database: MedusaDatabase | null = null;
  const close = async () => {
    await medusa?.stop();
    await database?.close();
    await server.close();
    logStream.end();
  };
  try {
    database = await openDatabase(postgres, join(options.dataDir, 'medusa'));
    const db = database;
    const medusaEnv = (url: string): NodeJS.ProcessEnv => {
      const env: NodeJS.ProcessEnv = {
        ...quietEnv,
        DATABASE_URL: url,
        PORT: String(options.port),
        CONVERGEGATE_SECRET_KEY: server.keys.test,
        CONVERGEGATE_URL: server.url,
      };
      // `medusa start` serves the built admin; in development mode it would start Vite instead.
      delete env.NODE_ENV;
      return env;
    };
    const env = medusaEnv(db.url);
    log(`migrating Medusa’s database (${postgres ? 'Postgres' : 'embedded PGlite'})…`);
    await db.migrate((url) =>
      run(MEDUSA, ['db:migrate'], { cwd: BUILT, env: medusaEnv(url), log: logStream, signal }),
    );
    if (!(await hasUser(db.url, ADMIN.email))) {
      await run(MEDUSA, ['user', '-e', ADMIN.email, '-p', ADMIN.password], {
        cwd: BUILT,
        env,
        log: logStream,
        signal,
      });
      log(`created the admin user ${ADMIN.email}`);
    }

    log('starting Medusa…');
    medusa = start(MEDUSA, ['start'], { cwd: BUILT, env, log: logStream, signal });
    const running = medusa;
    let ended: string | null = null;
    void running.exited.then(({ code, signal: by }) => {
      ended = `Medusa exited (${by ?? `exit ${code}`}); its log is ${logPath}:\n${running.output().trimEnd().split('\n').slice(-30).join('\n')}`;
    });
    const base = `http://localhost:${options.port}`;
    await waitUntil('Medusa to answer', async () => (await fetch(`${base}/health`)).ok, {
      timeoutMs: 300_000,
      signal,
      gaveUp: () => ended,
    });

    let publishableKey: string | null = null;
    const api = await connect(base, ADMIN, () => publishableKey);
    const gateway = createClient({
      dialect: 'convergegate',
      baseUrl: server.url,
      secretKey: server.keys.test,
    });
    const seed = await seedStore(
      api,
      gateway,
      (key) => {
        publishableKey = key;
      },
      log,
    );
    return {
      adminUrl: `${base}/app`,
      storeUrl: `${base}/store`,
      serverUrl: server.url,
      databaseUrl: db.url,
      embeddedDatabase: db.embedded,
      keys: server.keys,
      generatedKeys: server.generatedKeys.test,
      publishableKey: seed.publishableKey,
      seed,
      logPath,
      medusaExited: running.exited,
      close,
    };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}

/** Whether the store has been built before (the first start says it will take a while). */
export const builtBefore = () => existsSync(join(BUILT, 'public', 'admin', 'index.html'));
