import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SelectQueryNode,
} from 'kysely';
import pg from 'pg';
import { prepares } from './prepared.js';

export interface PostgresOptions {
  connectionString: string;
  /** Connections in all: the shared readers' and the pool's. */
  poolSize: number;
  types: pg.CustomTypesConfig;
}

/** Distinct SQL texts given a name; Kysely's vary (IN lists), so the rest run unnamed. */
const MAX_NAMED = 500;
const names = new Map<string, string>();
const nameOf = (compiled: CompiledQuery): string | undefined => {
  if (!prepares(compiled)) return undefined;
  const sql = compiled.sql;
  let name = names.get(sql);
  if (name === undefined && names.size < MAX_NAMED) {
    name = `rk${names.size}`;
    names.set(sql, name);
  }
  return name;
};

const LOCKS = /\bfor\s+(update|no\s+key\s+update|share|key\s+share)\b/i;
/**
 * A SELECT built with Kysely's query builder that locks nothing and writes nothing: it can share a
 * pipelined connection without stalling the others or depending on a session. Raw SQL (an advisory
 * lock, a setting) keeps a connection of its own.
 */
function isPlainRead(compiled: CompiledQuery): boolean {
  const node = compiled.query;
  return (
    SelectQueryNode.is(node) &&
    node.with === undefined &&
    !node.endModifiers?.some((modifier) => modifier.modifier !== 'Distinct') &&
    !LOCKS.test(compiled.sql)
  );
}

async function run<R>(client: pg.ClientBase, compiled: CompiledQuery): Promise<QueryResult<R>> {
  const name = nameOf(compiled);
  const values = [...compiled.parameters];
  const { command, rowCount, rows } = await client.query<R & pg.QueryResultRow>(
    name === undefined ? { text: compiled.sql, values } : { name, text: compiled.sql, values },
  );
  return {
    rows: rows ?? [],
    ...(command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE'
      ? { numAffectedRows: BigInt(rowCount ?? 0) }
      : {}),
  };
}

// pg's pipeline mode (8.21+) is not in @types/pg yet.
type Pipelined<T> = T & { pipeline: boolean };

/**
 * A Kysely driver on `pg`, for many concurrent requests over few connections (Kysely's own
 * PostgresDialect takes a pooled connection for every statement and sends it unnamed):
 * - every write, and every lookup by primary key, is a named prepared statement: Postgres parses
 *   and plans it once per connection and then only binds and runs it (as `pgbench -M prepared`;
 *   `prepares` says which and why);
 * - a plain SELECT outside a transaction goes to one of a few connections in pg's pipeline mode
 *   and is written at once, behind the reads still in flight, instead of waiting for a connection
 *   of its own (a plain read never waits for a row lock, so nothing stalls behind it);
 * - everything else takes a pooled connection of its own, as before; a transaction's BEGIN is
 *   written with its first statement rather than in a round trip of its own.
 */
export class PostgresDriver implements Driver {
  private readonly pool: pg.Pool;
  /** Two shared readers keep both of Postgres's CPUs busy; a tiny pool gets one. */
  private readonly readerCount: number;
  private readonly readers: (pg.Client | undefined)[] = [];
  private next = 0;

  constructor(private readonly options: PostgresOptions) {
    this.readerCount = options.poolSize >= 4 ? 2 : 1;
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: Math.max(1, options.poolSize - this.readerCount),
      types: options.types,
      pipeline: true,
    } as Pipelined<pg.PoolConfig>);
    // An idle client losing its server (a restart) must not crash the process.
    this.pool.on('error', () => {});
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return new PostgresConnection(this);
  }
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PostgresConnection).begin();
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PostgresConnection).end('commit');
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PostgresConnection).end('rollback');
  }
  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as PostgresConnection).release();
  }
  async destroy(): Promise<void> {
    await Promise.all([
      this.pool.end(),
      ...this.readers.map((reader) => reader?.end().catch(() => undefined)),
    ]);
  }

  /** For the metrics: the pool's connections (the shared readers are not pooled). */
  stats(): { total: number; idle: number; waiting: number } {
    return { total: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount };
  }

  connect(): Promise<pg.PoolClient> {
    return this.pool.connect();
  }

  /** One of the shared pipelined connections, round robin; a broken one is replaced. */
  async reader(): Promise<pg.Client> {
    const slot = this.next++ % this.readerCount;
    const existing = this.readers[slot];
    if (existing) return existing;
    const reader = new pg.Client({
      connectionString: this.options.connectionString,
      types: this.options.types,
      pipeline: true,
    } as Pipelined<pg.ClientConfig>);
    this.readers[slot] = reader;
    reader.on('error', () => {
      if (this.readers[slot] === reader) this.readers[slot] = undefined;
    });
    reader.on('end', () => {
      if (this.readers[slot] === reader) this.readers[slot] = undefined;
    });
    try {
      await reader.connect();
    } catch (error) {
      if (this.readers[slot] === reader) this.readers[slot] = undefined;
      throw error;
    }
    return reader;
  }
}

/**
 * What Kysely holds between acquire and release. The pooled connection is taken only for a
 * transaction or a statement that is not a plain read.
 */
class PostgresConnection implements DatabaseConnection {
  private client: pg.PoolClient | undefined;
  private inTransaction = false;
  /** The BEGIN written ahead of the first statement, answered before it. */
  private begun: Promise<unknown> | undefined;

  constructor(private readonly driver: PostgresDriver) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    // Once this connection holds a pooled connection (a transaction, a pinned `db.connection()`),
    // everything it runs stays on that session.
    if (!this.inTransaction && !this.client && isPlainRead(compiled)) {
      return run(await this.driver.reader(), compiled);
    }
    this.client ??= await this.driver.connect();
    const result = run<R>(this.client, compiled);
    const begun = this.begun;
    this.begun = undefined;
    if (begun) {
      // Answers come in order: the BEGIN's first. If it failed, the statement behind it ran outside
      // a transaction or not at all; either way the caller gets the BEGIN's error.
      try {
        await begun;
      } catch (error) {
        result.catch(() => undefined);
        throw error;
      }
    }
    return result;
  }

  async begin(): Promise<void> {
    this.client ??= await this.driver.connect();
    this.inTransaction = true;
    this.begun = this.client.query('begin');
    // Awaited with the first statement; a transaction that runs none awaits it at its end.
    this.begun.catch(() => undefined);
  }

  async end(sql: 'commit' | 'rollback'): Promise<void> {
    const begun = this.begun;
    this.begun = undefined;
    this.inTransaction = false;
    if (begun) await (sql === 'rollback' ? begun.catch(() => undefined) : begun);
    await this.client!.query(sql);
  }

  release(): void {
    this.client?.release();
    this.client = undefined;
  }

  // biome-ignore lint/correctness/useYield: nothing here streams; Kysely requires the method.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming is not supported.');
  }
}
