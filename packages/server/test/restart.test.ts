import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createServer, type RunningServer } from '../src/index.js';
import {
  api,
  createDatabase,
  LIVE_KEY,
  paidSession,
  spawnCli,
  startServer,
  TEST_KEY,
  waitFor,
} from './helpers.js';

const HOUR = 60 * 60 * 1000;

async function finishExactlyOnce(server: RunningServer, refundIds: string[]) {
  const client = api(server);
  await waitFor(async () => {
    const all = await Promise.all(refundIds.map((id) => client.get(`/v1/refunds/${id}`)));
    return all.every((r) => r.body.status === 'succeeded');
  }, 'pending refunds to finish after the restart');
  const events = await server.db
    .selectFrom('events')
    .select(['object_id', 'type'])
    .where('object_id', 'in', refundIds)
    .execute();
  for (const id of refundIds) {
    expect(
      events
        .filter((e) => e.object_id === id)
        .map((e) => e.type)
        .sort(),
    ).toEqual(['refund.created', 'refund.succeeded']);
  }
  const jobs = await server.db.selectFrom('jobs').selectAll().where('kind', '=', 'refund.process').execute();
  expect(jobs).toEqual([]);
}

describe('restart with refunds pending', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('PGlite data directory: stop, start again, they finish exactly once; keys survive', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'refundkit-restart-'));
    dirs.push(dataDir);
    const first = await createServer({ dataDir, refundDelayMs: HOUR });
    const client = api(first);
    const paid = await paidSession(client);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await client.post('/v1/refunds', { session_id: paid.id, amount: 100 })).body.id);
    const keys = first.keys;
    await first.close();
    expect(JSON.parse(readFileSync(join(dataDir, 'keys.json'), 'utf8'))).toEqual(keys);

    // Two hours later: the stored jobs are due.
    const second = await createServer({ dataDir, refundDelayMs: HOUR, clock: () => Date.now() + 2 * HOUR });
    try {
      expect(second.keys).toEqual(keys);
      expect(second.generatedKeys).toEqual({ test: false, live: false });
      await finishExactlyOnce(second, ids);
      expect((await api(second).get(`/v1/checkout/sessions/${paid.id}`)).body.amount_refunded).toBe(500);
    } finally {
      await second.close();
    }
  }, 400_000);

  it('Postgres: a process killed with SIGKILL leaves its refunds to the next one', async () => {
    const database = await createDatabase();
    try {
      const cli = await spawnCli([
        '--port=0',
        `--database-url=${database.url}`,
        `--test-key=${TEST_KEY}`,
        `--live-key=${LIVE_KEY}`,
        `--refund-delay-ms=${HOUR}`,
        '--quiet',
      ]);
      const client = api({ url: cli.url, keys: { test: TEST_KEY, live: LIVE_KEY } } as RunningServer);
      const paid = await paidSession(client);
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push((await client.post('/v1/refunds', { session_id: paid.id, amount: 100 })).body.id);
      }
      await cli.stop('SIGKILL');
      const next = await startServer({ databaseUrl: database.url, clock: () => Date.now() + 2 * HOUR });
      try {
        await finishExactlyOnce(next, ids);
      } finally {
        await next.close();
      }
    } finally {
      await database.drop();
    }
  }, 400_000);
});
