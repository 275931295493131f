import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { api, createDatabase, type Database, paidSession, startServer, waitFor } from './helpers.js';

describe('graceful shutdown (Postgres)', () => {
  let database: Database;
  let blocker: pg.Client;

  beforeAll(async () => {
    database = await createDatabase();
    blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
  });
  afterAll(async () => {
    await blocker?.end();
    await database?.drop();
  });

  it('finishes the request in flight, refuses new ones, then stops', async () => {
    const server: RunningServer = await startServer({ databaseUrl: database.url, refundDelayMs: 60_000 });
    const client = api(server);
    const paid = await paidSession(client);
    // Hold the session's row lock so a refund is provably in flight when close() starts.
    await blocker.query('begin');
    await blocker.query('select id from payments where id = $1 for update', [paid.id]);
    const inFlight = client.post('/v1/refunds', { session_id: paid.id, amount: 100 });
    await waitFor(async () => {
      const { rows } = await blocker.query(
        "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
      );
      return rows[0].n > 0;
    }, 'the refund to wait on the row lock');
    const closing = server.close();
    let closed = false;
    void closing.then(() => {
      closed = true;
    });
    // New connections are refused while the old request drains.
    await waitFor(async () => {
      try {
        await fetch(`${server.url}/healthz`);
        return false;
      } catch {
        return true;
      }
    }, 'the listener to stop accepting');
    expect(closed).toBe(false);
    await blocker.query('commit');
    const done = await inFlight;
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('pending');
    await closing;
    // The refund it committed is there for the next process.
    const { rows } = await blocker.query('select status from refunds where id = $1', [done.body.id]);
    expect(rows).toEqual([{ status: 'pending' }]);
  });
});
