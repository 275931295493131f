import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator } from 'kysely';
import pg from 'pg';
import type { PoolSample } from '../telemetry/metrics.js';
import { tracedDriver } from '../telemetry/tracing.js';
import { postgresDialect } from './dialect.js';
import { migrations } from './migrations.js';
import { PGliteDriver } from './pglite-driver.js';
import { PostgresDriver } from './postgres-driver.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

export interface StorageOptions {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  inMemory?: boolean | undefined;
  /** Pool size for Postgres. */
  poolSize?: number | undefined;
}

export interface Storage {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** The connections in use and waited for, for the metrics. */
  pool(): PoolSample;
  close(): Promise<void>;
}

// int8 (bigint) and numeric columns hold minor units and millisecond times: all safe integers.
const INT8 = 20;
const toNumber = (value: string) => Number(value);

export async function openStorage(options: StorageOptions): Promise<Storage> {
  let db: Db;
  let kind: Storage['kind'];
  let pool: () => PoolSample;
  if (options.databaseUrl) {
    const types = {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8 ? toNumber : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    };
    const config = { connectionString: options.databaseUrl, poolSize: options.poolSize ?? 10, types };
    const driver = new PostgresDriver(config);
    db = new Kysely<Database>({
      dialect: postgresDialect(() => tracedDriver(driver, { storage: 'postgres' })),
    });
    kind = 'postgres';
    pool = () => ({ kind: 'postgres', ...driver.stats() });
  } else {
    const dataDir = options.inMemory ? undefined : options.dataDir;
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    const pglite = new PGlite({ ...(dataDir ? { dataDir } : {}), parsers: { [INT8]: toNumber } });
    const driver = new PGliteDriver(pglite);
    db = new Kysely<Database>({
      dialect: postgresDialect(() => tracedDriver(driver, { storage: 'pglite' })),
    });
    kind = 'pglite';
    pool = () => ({ kind: 'pglite', ...driver.stats() });
  }
  const { error } = await new Migrator({ db, provider: migrations }).migrateToLatest();
  if (error) {
    await db.destroy();
    throw error;
  }
  return { db, kind, pool, close: () => db.destroy() };
}
