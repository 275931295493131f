import { PGlite } from '@electric-sql/pglite';
import { afterEach, describe, expect, it } from 'vitest';
import { PGliteDriver } from '../src/db/pglite-driver.js';

// The `refundkit_db_session` gauge reads these stats. The metrics test scrapes a live server whose
// processor and dispatcher take the session whenever they like, so the exact counts are pinned here,
// where the test itself decides who holds the session and who waits.
describe("PGlite's one session, as the metrics see it", () => {
  const open: PGliteDriver[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((driver) => driver.destroy()));
  });

  it('counts the holder and every user waiting behind it, and nothing once all are done', async () => {
    const driver = new PGliteDriver(new PGlite());
    open.push(driver);
    await driver.init();
    expect(driver.stats()).toEqual({ held: 0, waiting: 0 });

    await driver.acquireConnection();
    expect(driver.stats()).toEqual({ held: 1, waiting: 0 });

    const second = driver.acquireConnection();
    const third = driver.acquireConnection();
    expect(driver.stats()).toEqual({ held: 1, waiting: 2 });

    await driver.releaseConnection();
    await second;
    expect(driver.stats()).toEqual({ held: 1, waiting: 1 });
    await driver.releaseConnection();
    await third;
    expect(driver.stats()).toEqual({ held: 1, waiting: 0 });
    await driver.releaseConnection();
    expect(driver.stats()).toEqual({ held: 0, waiting: 0 });
  });
});
