import { type PGlite, protocol } from '@electric-sql/pglite';
import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';
import { readResults, type TypeParsers } from './pglite-wire.js';
import { prepares } from './prepared.js';

const { serialize } = protocol;
/** Named statements kept prepared; Kysely's SQL varies (IN lists), so the oldest are closed. */
const MAX_PREPARED = 256;
/** How long a holder runs statements before the event loop gets to poll (see PGliteDriver). */
const SLICE_MS = 5;
const BEGIN = Buffer.concat([serialize.parse({ text: 'begin' }), serialize.bind({}), serialize.execute({})]);

class PGliteConnection implements DatabaseConnection {
  /** SQL text -> statement name, oldest first. */
  private readonly prepared = new Map<string, string>();
  private counter = 0;
  /** A BEGIN waiting to go out with the transaction's first statement. */
  beginPending = false;
  /** When the holder got the session, or last let the event loop poll. */
  since = 0;

  constructor(private readonly pglite: PGlite) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    if (performance.now() - this.since > SLICE_MS) {
      await new Promise(setImmediate);
      this.since = performance.now();
    }
    const parts: Uint8Array[] = [];
    if (this.beginPending) {
      parts.push(BEGIN);
      this.beginPending = false;
    }
    let name = prepares(compiled) ? this.prepared.get(compiled.sql) : '';
    if (name === undefined) {
      name = `rk${this.counter++}`;
      parts.push(...this.evictOldest(), serialize.parse({ name, text: compiled.sql }));
      this.prepared.set(compiled.sql, name);
    } else if (name === '') {
      parts.push(serialize.parse({ text: compiled.sql }));
    }
    parts.push(
      serialize.bind({ statement: name, values: compiled.parameters.map(toText) }),
      serialize.describe({ type: 'P' }),
      serialize.execute({}),
      serialize.sync(),
    );
    let results: ReturnType<typeof readResults>;
    try {
      results = readResults(await this.exchange(Buffer.concat(parts)), this.pglite.parsers as TypeParsers);
    } catch (error) {
      // The statement may not have been prepared (a syntax error, an aborted transaction): forget
      // it, so the next use prepares it again.
      if (name !== '') {
        if (this.prepared.get(compiled.sql) === name) this.prepared.delete(compiled.sql);
        await this.exchange(Buffer.concat([serialize.close({ type: 'S', name }), serialize.sync()]));
      }
      throw error;
    }
    // One result per statement in the message: the BEGIN's, if it went along, then this one's.
    const result = results[results.length - 1];
    const affected = result?.rowCount;
    return {
      rows: (result?.rows ?? []) as R[],
      ...(affected !== undefined && result?.command !== 'SELECT'
        ? { numAffectedRows: BigInt(affected) }
        : {}),
    };
  }

  /** One trip into the WASM Postgres: the message in, the raw answer out. */
  private async exchange(message: Uint8Array): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    // The chunks are views of the WASM memory, reused by the next write: copied.
    await this.pglite.execProtocolRawStream(message, { onRawData: (chunk) => chunks.push(chunk.slice()) });
    return Buffer.concat(chunks);
  }

  // biome-ignore lint/correctness/useYield: streaming is not supported on PGlite; Kysely requires the method.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite does not stream query results.');
  }

  /** Close messages for the statements beyond the cap, oldest first. */
  private evictOldest(): Uint8Array[] {
    const closes: Uint8Array[] = [];
    for (const [sql, name] of this.prepared) {
      if (this.prepared.size - closes.length < MAX_PREPARED) break;
      this.prepared.delete(sql);
      closes.push(serialize.close({ type: 'S', name }));
    }
    return closes;
  }
}

/**
 * A Kysely driver on PGlite's wire protocol. PGlite is one Postgres backend (one session), so the
 * driver hands out its single connection to one user at a time: a transaction then owns the
 * session from BEGIN to COMMIT, and nothing else can slip a statement into it.
 *
 * A statement is one message into the WASM Postgres, not PGlite's `query()` (which makes six: parse,
 * describe the parameters, bind, describe, execute, sync): parameters go as text with their types
 * left to Postgres, as `pg` sends them, so one set of queries means the same on both backends.
 * A statement whose kept plan is right for any value is prepared once under a name and then only
 * bound and executed, as `pgbench -M prepared` does (`prepares` says which and why); a
 * transaction's BEGIN travels with its first statement; the answer comes back raw and is read by
 * `readResults` (pglite-wire.ts says why).
 *
 * The one session goes to its users first come, first served, one user per turn of the event loop.
 * A PGlite statement runs synchronously (resolved promises all the way), so a user handed the
 * session at once would run its whole transaction inside the I/O callback that asked, and every
 * waiting request after it in the same callback phase: the loop would not read a socket or accept
 * a connection for as long as that takes, and whoever connected last waited seconds (the README's
 * "Speed"). Handing over from `setImmediate` lets the loop poll between two users, and a user that
 * holds the session long (the processor's batch) lets it poll every few milliseconds.
 */
export class PGliteDriver implements Driver {
  private readonly connection: PGliteConnection;
  private readonly waiting: (() => void)[] = [];
  private held = false;
  private handing = false;
  private idle: (() => void) | undefined;

  constructor(private readonly pglite: PGlite) {
    this.connection = new PGliteConnection(pglite);
  }
  async init(): Promise<void> {
    await this.pglite.waitReady;
  }
  acquireConnection(): Promise<DatabaseConnection> {
    return new Promise((resolve) => {
      this.waiting.push(() => resolve(this.connection));
      this.handOver();
    });
  }
  async beginTransaction(): Promise<void> {
    this.connection.beginPending = true;
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await this.end(connection, 'commit');
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await this.end(connection, 'rollback');
  }
  async releaseConnection(): Promise<void> {
    this.held = false;
    this.handOver();
  }
  async destroy(): Promise<void> {
    if (this.held || this.waiting.length > 0) {
      await new Promise<void>((resolve) => {
        this.idle = resolve;
      });
    }
    if (!this.pglite.closed) await this.pglite.close();
  }

  /** For the metrics: whether a user holds the session, and how many wait for it. */
  stats(): { held: number; waiting: number } {
    return { held: this.held ? 1 : 0, waiting: this.waiting.length };
  }

  private handOver(): void {
    if (this.held || this.handing) return;
    if (this.waiting.length === 0) {
      this.idle?.();
      return;
    }
    this.handing = true;
    setImmediate(() => {
      this.handing = false;
      const next = this.waiting.shift();
      if (!next) return this.handOver();
      this.held = true;
      this.connection.since = performance.now();
      next();
    });
  }

  private async end(connection: DatabaseConnection, sql: 'commit' | 'rollback'): Promise<void> {
    // A transaction that ran no statement never began.
    if (this.connection.beginPending) {
      this.connection.beginPending = false;
      return;
    }
    await connection.executeQuery(CompiledQuery.raw(sql));
  }
}

/** A parameter as text, the way `pg` sends it; Postgres infers its type from the statement. */
function toText(value: unknown): string | Uint8Array | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return arrayLiteral(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function arrayLiteral(values: unknown[]): string {
  const items = values.map((item) => {
    if (item === null || item === undefined) return 'NULL';
    if (Array.isArray(item)) return arrayLiteral(item);
    const text = toText(item);
    return `"${String(text).replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  });
  return `{${items.join(',')}}`;
}
