import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSeed } from '../../testing/seed.js';
import { settle } from '../src/audit.js';
import { DIALECTS, type Fixture, type Surface } from '../src/dialects.js';
import { api, basicAuth, pool } from '../src/http.js';
import { type BadRequest, badRequestsFor, OVERSIZED } from '../src/malformed.js';
import { createDatabase, type Database } from '../src/postgres.js';
import { rawRequest } from '../src/raw.js';
import { KEYS, type ServerProcess, startServer } from '../src/server-process.js';
import { snapshot } from '../src/snapshot.js';

// At least 10,000 (the suite's floor); more with RK_BAD_INPUT_REQUESTS.
const REQUESTS = Number(process.env['RK_BAD_INPUT_REQUESTS'] ?? 10_000);
const BATCH = 500;

describe('bad input: fast-check malformed requests across every endpoint', () => {
  const seed = testSeed();
  let db: Database;
  let server: ServerProcess;
  const fixtures = new Map<Surface, Fixture>();

  beforeAll(async () => {
    db = await createDatabase('badinput');
    server = await startServer({ databaseUrl: db.url, refundDelayMs: 0 });
    const client = api(server.url, KEYS.test);
    for (const surface of DIALECTS) fixtures.set(surface, await surface.fixture(client));
    // Let the fixture refunds finish and their events fan out, so the workers change nothing while
    // requests are checked.
    await settle(db.pool);
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  it(`answers ${REQUESTS} malformed requests with typed 4xx errors and changes nothing`, async () => {
    const cases = fc.sample(badRequestsFor(DIALECTS, fixtures, basicAuth(KEYS.test)), {
      numRuns: REQUESTS,
      seed,
    });
    const surfaceOf = new Map(DIALECTS.flatMap((d) => d.endpoints.map((e) => [e.name, d] as const)));
    const statuses: Record<string, number> = {};
    const byEndpoint: Record<string, number> = {};
    const serverErrors: string[] = [];
    const accepted: string[] = [];
    const untyped: string[] = [];
    const changed: string[] = [];
    const closed: string[] = [];
    const wrongSize: string[] = [];
    const describeCase = (c: BadRequest, detail: string) =>
      `${c.endpoint} — ${c.what}: ${c.method} ${c.path.slice(0, 120)} ${c.body ? c.body.subarray(0, 160).toString() : ''} -> ${detail}`;

    for (let start = 0; start < cases.length; start += BATCH) {
      const batch = cases.slice(start, start + BATCH);
      const before = await snapshot(db.pool);
      const answers = await pool(batch, 8, (c) => rawRequest(server.url, c));
      const after = await snapshot(db.pool);
      let acceptedHere = 0;
      batch.forEach((c, i) => {
        const answer = answers[i]!;
        byEndpoint[c.endpoint] = (byEndpoint[c.endpoint] ?? 0) + 1;
        const oversized = c.what.startsWith(OVERSIZED);
        if (answer.networkError) {
          // Only a body over the limit may be cut off instead of answered: the server refuses it
          // before reading it and closes, which can reset the connection before the 413 is read.
          if (!oversized) closed.push(describeCase(c, answer.networkError));
          statuses['closed'] = (statuses['closed'] ?? 0) + 1;
          return;
        }
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
        // An oversized body is refused as one; any other body is within the limit, so never 413.
        if (oversized !== (answer.status === 413))
          wrongSize.push(describeCase(c, `${answer.status} ${answer.text.slice(0, 200)}`));
        if (answer.status >= 500)
          serverErrors.push(describeCase(c, `${answer.status} ${answer.text.slice(0, 200)}`));
        else if (answer.status < 400) {
          acceptedHere++;
          accepted.push(describeCase(c, `${answer.status} ${answer.text.slice(0, 200)}`));
        } else {
          let body: unknown;
          try {
            body = JSON.parse(answer.text);
          } catch {
            body = undefined;
          }
          // An API's refusal is its dialect's error object with a stable code; a public page answers in HTML.
          const surface = surfaceOf.get(c.endpoint)!;
          const isPublic = surface.endpoints.some((e) => e.name === c.endpoint && e.public);
          if (!isPublic && surface.errorCode(body) === undefined) {
            untyped.push(describeCase(c, `${answer.status} ${answer.text.slice(0, 200)}`));
          }
        }
      });
      for (const table of Object.keys(before)) {
        if (before[table] !== after[table]) {
          changed.push(
            `batch ${start / BATCH} (${acceptedHere} accepted): ${table} ${before[table]} -> ${after[table]}`,
          );
        }
      }
    }
    console.log(
      `[bad input seed ${seed}] ${cases.length} malformed requests over ${Object.keys(byEndpoint).length} endpoints ` +
        `${JSON.stringify(byEndpoint)}; statuses ${JSON.stringify(statuses)}; 5xx ${serverErrors.length}, ` +
        `accepted ${accepted.length}, untyped errors ${untyped.length}, wrong size verdicts ${wrongSize.length}, ` +
        `state changes ${changed.length}`,
    );
    if (process.env['RK_BAD_INPUT_DUMP']) {
      writeFileSync(
        process.env['RK_BAD_INPUT_DUMP'],
        JSON.stringify({ serverErrors, accepted, untyped, closed, wrongSize, changed }, null, 2),
      );
    }
    expect(serverErrors.slice(0, 10)).toEqual([]);
    expect(accepted.slice(0, 10)).toEqual([]);
    expect(untyped.slice(0, 10)).toEqual([]);
    expect(closed.slice(0, 10)).toEqual([]);
    expect(wrongSize.slice(0, 10)).toEqual([]);
    expect(changed).toEqual([]);
    expect(Object.keys(byEndpoint).length).toBe(DIALECTS.reduce((n, s) => n + s.endpoints.length, 0));
    expect(cases.length).toBeGreaterThanOrEqual(REQUESTS);
  });
});
