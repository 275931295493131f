import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.js';
import { backends } from './helpers.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const status = async (url: string, key: string) =>
  (await fetch(`${url}/v1/refunds`, { headers: { authorization: `Bearer ${key}` } })).status;

/** The secret keys of the default account, on each storage: hashed at rest, replaced when given, never guessed. */
for (const backend of backends) {
  describe(`secret keys (${backend.name})`, () => {
    let storage: Awaited<ReturnType<typeof backend.open>>;
    let dir: string | undefined;
    beforeAll(async () => {
      storage = await backend.open();
      // PGlite keeps its keys across starts only in a data directory.
      if (backend.name === 'pglite') {
        dir = mkdtempSync(join(tmpdir(), 'rk-keys-'));
        storage = { ...storage, options: { dataDir: dir } };
      }
    });
    afterAll(async () => {
      await storage?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('generates a test and a live key when none are given, stores only their SHA-256, and livemode follows the key', async () => {
      const server = await createServer({ ...storage.options, refundDelayMs: 0 });
      try {
        expect(server.generatedKeys).toEqual({ test: true, live: true });
        expect(server.keys.test).toMatch(/^sk_test_[A-Za-z0-9_-]{24}$/);
        expect(server.keys.live).toMatch(/^sk_live_[A-Za-z0-9_-]{24}$/);
        const rows = await server.db.selectFrom('api_keys').selectAll().orderBy('livemode').execute();
        expect(rows.map((r) => [r.livemode, r.hash])).toEqual([
          [false, sha256(server.keys.test)],
          [true, sha256(server.keys.live)],
        ]);
        // Nothing in the table is the key: the hint is its public prefix and a few characters.
        const stored = JSON.stringify(rows);
        for (const key of [server.keys.test, server.keys.live]) {
          expect(stored.includes(key)).toBe(false);
          expect(stored.includes(key.slice(12))).toBe(false);
        }
        for (const [key, livemode] of [
          [server.keys.test, false],
          [server.keys.live, true],
        ] as const) {
          const created = await fetch(`${server.url}/v1/checkout/sessions`, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              amount: 100,
              currency: 'pln',
              customer_email: 'k@example.com',
              customer_firstname: 'K',
              customer_lastname: 'L',
              success_url: 'https://shop.example/ok',
            }),
          });
          expect((await created.json()).livemode).toBe(livemode);
        }
      } finally {
        await server.close();
      }
    });

    it('replaces the stored key of a mode with the one given; the old key stops working', async () => {
      const first = await createServer({
        ...storage.options,
        testKey: 'sk_test_first_key_0000000000',
        liveKey: 'sk_live_first_key_0000000000',
      });
      expect(first.generatedKeys).toEqual({ test: false, live: false });
      expect(await status(first.url, 'sk_test_first_key_0000000000')).toBe(200);
      await first.close();
      // Postgres keeps only hashes, so a start there names both keys; a PGlite directory has keys.json.
      const second = await createServer({
        ...storage.options,
        testKey: 'sk_test_second_key_000000000',
        ...(backend.name === 'postgres' ? { liveKey: 'sk_live_first_key_0000000000' } : {}),
      });
      try {
        expect(await status(second.url, 'sk_test_second_key_000000000')).toBe(200);
        expect(await status(second.url, 'sk_test_first_key_0000000000')).toBe(401);
        // The live key was not changed: the stored one stays.
        expect(await status(second.url, 'sk_live_first_key_0000000000')).toBe(200);
        expect(second.keys.live).toBe('sk_live_first_key_0000000000');
      } finally {
        await second.close();
      }
    });

    if (backend.name === 'postgres') {
      it('refuses to start on a database that has keys when none are given (it cannot print hashes)', async () => {
        await expect(createServer({ ...storage.options })).rejects.toThrow(/--test-key\/--live-key/);
      });
    }

    it('refuses keys of the wrong mode or shape before touching the database', async () => {
      await expect(
        createServer({ ...storage.options, testKey: 'sk_live_not_a_test_key_000' }),
      ).rejects.toThrow(/sk_test_/);
      await expect(createServer({ ...storage.options, liveKey: 'sk_live_short' })).rejects.toThrow(
        /16 to 255/,
      );
    });
  });
}
