import { sql } from 'kysely';
import { migrations } from '../db/migrations.js';
import type { Db } from '../db/open.js';

export type Readiness = { ready: true } | { ready: false; reason: 'draining' | 'database' | 'migrations' };

/** A readiness check that has not answered in this long says the database is not reachable. */
const CHECK_TIMEOUT_MS = 2_000;

/**
 * Ready: the database answers and has every migration this code knows (one query on Kysely's own
 * table; a database restored from an older backup, or migrated by another process not yet, is not
 * ready). Not ready either while the server drains for shutdown.
 */
export async function readiness(db: Db, draining: boolean): Promise<Readiness> {
  if (draining) return { ready: false, reason: 'draining' };
  const names = Object.keys(await migrations.getMigrations());
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), CHECK_TIMEOUT_MS);
  });
  try {
    const result = await Promise.race([
      sql<{
        applied: number;
      }>`select count(*)::int as applied from kysely_migration where name in (${sql.join(names)})`
        .execute(db)
        .then((r) => r.rows[0]?.applied ?? 0),
      timeout,
    ]);
    if (result === 'timeout') return { ready: false, reason: 'database' };
    return result === names.length ? { ready: true } : { ready: false, reason: 'migrations' };
  } catch (error) {
    // A missing migrations table is a database nobody migrated; anything else, one we cannot reach.
    const code = (error as { code?: unknown }).code;
    return { ready: false, reason: code === '42P01' ? 'migrations' : 'database' };
  } finally {
    clearTimeout(timer);
  }
}

/** The JSON body and status of `/readyz`. */
export const readyzReply = (state: Readiness) =>
  state.ready
    ? { statusCode: 200, body: { status: 'ok' } }
    : { statusCode: 503, body: { status: 'unavailable', reason: state.reason } };
