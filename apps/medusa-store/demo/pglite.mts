import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** Medusa's connections: its pool (10 by default) and the migrate command's own, with room to spare. */
const MAX_CONNECTIONS = 64;

export interface Served {
  /** `postgres://…` on a free loopback port, for Medusa's `DATABASE_URL`. */
  url: string;
  close(): Promise<void>;
}

export interface EmbeddedPostgres {
  /**
   * Serves the database over Postgres's wire protocol. pglite-socket runs one connection's
   * transaction to its end before it lets another connection in: PGlite is a single session.
   */
  serve(): Promise<Served>;
  /**
   * Serves it for `medusa db:migrate` alone, every connection on the one session without that
   * hold-back. The migrate command takes `pg_advisory_xact_lock` inside a transaction on a
   * connection of its own and then migrates on others, which the hold-back would keep waiting for
   * that transaction forever. Nothing else runs during the migration, so sharing the session loses no
   * isolation; the migrations' BEGIN and COMMIT then open and close the lock's transaction (Postgres
   * answers the lock's own COMMIT with a warning). A transaction a failed migration left open is
   * rolled back when this server closes, as Postgres does when a connection drops.
   */
  serveForMigrations(): Promise<Served>;
  close(): Promise<void>;
}

/** Opens (or creates) Medusa's database in `dataDir`: PGlite, Postgres 18 compiled to WebAssembly. */
export async function openEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const db = await PGlite.create(dataDir);
  const servers = new Set<PGLiteSocketServer>();
  const serveAs = async (view: PGlite, onClose?: () => Promise<void>): Promise<Served> => {
    const server = new PGLiteSocketServer({
      db: view,
      host: '127.0.0.1',
      port: 0,
      maxConnections: MAX_CONNECTIONS,
    });
    await server.start();
    servers.add(server);
    return {
      url: `postgres://postgres@${server.getServerConn()}/postgres`,
      async close() {
        servers.delete(server);
        await server.stop();
        await onClose?.();
      },
    };
  };
  return {
    serve: () => serveAs(db),
    serveForMigrations: () =>
      serveAs(oneSession(db), async () => {
        if (db.isInTransaction()) await db.exec('ROLLBACK');
      }),
    async close() {
      await Promise.all([...servers].map((server) => server.stop()));
      servers.clear();
      if (!db.closed) await db.close();
    },
  };
}

/** The same database, never reported as inside a transaction (see `serveForMigrations`). */
function oneSession(db: PGlite): PGlite {
  return new Proxy(db, {
    get(target, key) {
      if (key === 'isInTransaction') return () => false;
      const value: unknown = Reflect.get(target, key, target);
      // PGlite keeps its state in private fields, which only the instance itself can reach.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
