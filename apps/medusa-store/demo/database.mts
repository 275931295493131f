import { openEmbeddedPostgres } from './pglite.mjs';
import type { PostgresTarget } from './postgres.mjs';

export interface MedusaDatabase {
  /** Medusa's DATABASE_URL for `medusa user` and `medusa start`. */
  url: string;
  /** PGlite inside the demo, rather than a Postgres server. */
  embedded: boolean;
  /** Runs `medusa db:migrate` (given its DATABASE_URL) against this database. */
  migrate(run: (url: string) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/**
 * Medusa's database: the Postgres database DATABASE_URL names (`ensureDatabase` made it ready), or,
 * without it, PGlite in `pgliteDir`, served over Postgres's wire protocol on a free loopback port for
 * as long as the demo runs.
 */
export async function openDatabase(
  target: PostgresTarget | null,
  pgliteDir: string,
): Promise<MedusaDatabase> {
  if (target) {
    return {
      url: target.url,
      embedded: false,
      migrate: (run) => run(target.url),
      close: async () => undefined,
    };
  }
  const embedded = await openEmbeddedPostgres(pgliteDir);
  try {
    const served = await embedded.serve();
    return {
      url: served.url,
      embedded: true,
      async migrate(run) {
        const migrating = await embedded.serveForMigrations();
        try {
          await run(migrating.url);
        } finally {
          await migrating.close();
        }
      },
      close: () => embedded.close(),
    };
  } catch (error) {
    await embedded.close();
    throw error;
  }
}
