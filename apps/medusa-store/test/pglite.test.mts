// The embedded database as Medusa's commands use it, over real sockets with `pg`: what it keeps across
// opens, and the one pattern that needs the migrations' server. Medusa's migrate command takes
// `pg_advisory_xact_lock` in a transaction on one connection and migrates on others; `serve()` holds
// the others back until that transaction ends (PGlite is one session), `serveForMigrations()` lets
// them through.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type EmbeddedPostgres, openEmbeddedPostgres, type Served } from '../demo/pglite.mjs';

const dir = mkdtempSync(join(tmpdir(), 'rk-medusa-pglite-'));
let embedded: EmbeddedPostgres;

/** Runs `use` with clients of `served`, then disconnects them and closes the server. */
async function using(
  served: Served,
  use: (connect: () => Promise<pg.Client>) => Promise<void>,
): Promise<void> {
  const clients: pg.Client[] = [];
  try {
    await use(async () => {
      const client = new pg.Client({ connectionString: served.url });
      await client.connect();
      clients.push(client);
      return client;
    });
  } finally {
    await Promise.all(clients.map((client) => client.end()));
    await served.close();
  }
}

beforeAll(async () => {
  embedded = await openEmbeddedPostgres(join(dir, 'medusa'));
});

afterAll(async () => {
  await embedded.close();
  rmSync(dir, { recursive: true, force: true });
});

it(
  'holds a second connection back while the first is inside a transaction',
  { timeout: 60_000 },
  async () => {
    const served = await embedded.serve();
    expect(served.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    await using(served, async (connect) => {
      const [locker, other] = [await connect(), await connect()];
      const events: string[] = [];
      await locker.query('BEGIN');
      await locker.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['db-module-migration:refundkit']);
      const waiting = other.query('SELECT 1 AS one').then((result) => {
        events.push('other answered');
        return result;
      });
      // The locker's own queries still run; the other's waits for its transaction to end.
      await locker.query('SELECT 2');
      events.push('commit');
      await locker.query('COMMIT');
      expect((await waiting).rows).toEqual([{ one: 1 }]);
      expect(events).toEqual(['commit', 'other answered']);
    });
  },
);

it('lets the migrations through on one session, and keeps what they made', { timeout: 60_000 }, async () => {
  await using(await embedded.serveForMigrations(), async (connect) => {
    const [locker, migrator] = [await connect(), await connect()];
    await locker.query('BEGIN');
    await locker.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['db-module-migration:refundkit']);
    // Answered while the lock's transaction is open, as on Postgres.
    await migrator.query('BEGIN');
    await migrator.query('CREATE TABLE refundkit_probe (id int)');
    await migrator.query('INSERT INTO refundkit_probe VALUES (1)');
    await migrator.query('COMMIT');
    await locker.query('COMMIT');
  });
  await embedded.close();

  embedded = await openEmbeddedPostgres(join(dir, 'medusa'));
  await using(await embedded.serve(), async (connect) => {
    const client = await connect();
    expect((await client.query('SELECT id FROM refundkit_probe')).rows).toEqual([{ id: 1 }]);
  });
});

it('rolls back what a migrations connection left open when it closes', { timeout: 60_000 }, async () => {
  await using(await embedded.serveForMigrations(), async (connect) => {
    const client = await connect();
    await client.query('BEGIN');
    await client.query('CREATE TABLE refundkit_half_done (id int)');
  });
  await using(await embedded.serve(), async (connect) => {
    const client = await connect();
    const found = await client.query("SELECT to_regclass('refundkit_half_done') AS half");
    expect(found.rows).toEqual([{ half: null }]);
  });
});
