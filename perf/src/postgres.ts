import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The shared Postgres (trust auth). Each run creates its own database from here and drops it. */
export const ADMIN_URL = process.env['RK_PG_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Database {
  name: string;
  url: string;
  /** A small pool on this database for setup, snapshots and audits. */
  pool: pg.Pool;
  drop(): Promise<void>;
}

// int8 columns hold minor units and millisecond times: safe integers.
const INT8 = 20;
const parsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, uniquely named database (`rk_perf_<what>_<pid>_<random>`). */
export async function createDatabase(what: string): Promise<Database> {
  const name = `rk_perf_${what}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((client) => client.query(`create database ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 4, types: parsers });
  pool.on('error', () => {});
  let dropped: Promise<void> | undefined;
  return {
    name,
    url: url.toString(),
    pool,
    drop() {
      dropped ??= (async () => {
        await pool.end().catch(() => undefined);
        await admin((client) => client.query(`drop database if exists ${name} with (force)`));
      })();
      return dropped;
    },
  };
}

export async function postgresVersion(): Promise<string> {
  return admin(
    async (client) => (await client.query('show server_version')).rows[0].server_version as string,
  );
}
