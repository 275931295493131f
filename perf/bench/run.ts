// `pnpm bench`: every performance figure with its baseline, measured in one run on this machine.
// Writes perf/results/bench.json and bench.md and copies the table into the root README's
// Performance section. BENCH_QUICK=1 is a smoke test: seconds instead of minutes, results written
// to perf/.bench-quick/ and the README left alone. See perf/README.md for each figure.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { machineInfo } from '../src/machine.js';
import { createDatabase, type Database, postgresVersion } from '../src/postgres.js';
import { type ServerProcess, startServer } from '../src/server-process.js';
import { percent, round } from '../src/stats.js';
import type { LoadResult } from './cannon.js';
import { type BenchConfig, benchConfig } from './config.js';
import { contention } from './contention.js';
import { coreThroughput } from './core.js';
import { demoStartup } from './demo.js';
import { fillTo, type GrowthPoint, measureAt } from './growth.js';
import {
  ceilingFigures,
  type HttpFigures,
  pgRetrieveFloor,
  serverFigures,
  setupServer,
} from './http-figures.js';
import { pgbenchCeiling } from './pgbench.js';
import { type LoopResult, pgliteLoop } from './pglite-ceiling.js';
import { renderMarkdown, row, updateReadme } from './report.js';
import { sdkOverhead } from './sdk.js';
import { bundleSizes, repoRoot } from './size.js';
import { ms, perSecond, type Section, verdict } from './types.js';

const config = benchConfig();
const started = Date.now();
const machine = machineInfo();
const wants = (name: string) => config.only.length === 0 || config.only.includes(name);
const log = (text: string) =>
  process.stdout.write(`[bench ${Math.round((Date.now() - started) / 1000)}s] ${text}\n`);
const DELAY = 86_400_000; // refunds stay pending: the figures are the API paths, not the processor.
const SETTLING = 0; // the variant with the processor settling every refund as soon as it is created.
// `http` runs every create and retrieve figure; `pglite` and `postgres` run one storage's alone.
const wantsPglite = () => wants('http') || wants('pglite');
const wantsPostgres = () => wants('http') || wants('postgres');

const sections: Section[] = [];
const failures: Record<string, string> = {};

/**
 * Runs one part; a failure (Postgres out of connections because other work holds them, a server
 * that does not start) is logged and recorded in place of its figures, and the run goes on.
 */
async function guard<T>(name: string, work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    failures[name] = message;
    log(`FAILED ${name}: ${message}`);
    return undefined;
  }
}
const failedRow = (name: string) => row(name, `failed: ${failures[name] ?? 'not run'}`, '', '', '');
const cleanups: (() => Promise<unknown>)[] = [];
const data: Record<string, unknown> = {};

const latency = (f: { p50: number; p99: number }) => `p50 ${ms(f.p50)}, p99 ${ms(f.p99)}`;
// Where a backlog could form (one PGlite session), the slowest answer too.
const withMax = (f: { p50: number; p99: number; max: number }) => `${latency(f)}, max ${ms(f.max)}`;
const cpu = (value: number | undefined) =>
  value === undefined ? '' : `; server CPU ${value.toFixed(2)} ms/request`;
const checkLoad = (label: string, f: { non2xx: number; errors: number; ok: number }) => {
  if (f.non2xx > 0 || f.errors > 0)
    log(`WARNING ${label}: ${f.non2xx} non-2xx, ${f.errors} errors of ${f.ok} ok`);
};

async function main(config: BenchConfig): Promise<void> {
  log(
    `${config.quick ? 'QUICK ' : ''}run on ${machine.cores} cores, load ${machine.loadAverage1m}, node ${machine.node}`,
  );
  const pgVersion = await postgresVersion();

  if (wants('core')) {
    log('core checkRefund throughput');
    const core = coreThroughput(config.coreSeconds);
    data['core'] = core;
    sections.push({
      name: 'core',
      rows: [
        row(
          '`checkRefund` checks per second (one core)',
          perSecond(core.checksPerSecond),
          `JSON.parse of the request: ${perSecond(core.parsesPerSecond)}`,
          percent(core.checksPerSecond, core.parsesPerSecond),
        ),
      ],
      data: core,
    });
  }

  const sizes = wants('size')
    ? await guard('bundle size', () => {
        log('bundle sizes (scripts/size.mjs)');
        return bundleSizes();
      })
    : undefined;
  if (wants('size') && !sizes)
    sections.push({ name: 'bundle size', rows: [failedRow('bundle size')], data: null });
  if (sizes) {
    data['size'] = sizes;
    sections.push({
      name: 'bundle size',
      // Rows without a budget (the library entry whole, createClient with every dialect) are context.
      rows: sizes.results
        .filter((r) => r.limit !== null || r.name.startsWith('sdk'))
        .map((r) =>
          row(
            `${r.name}: ${r.what}`,
            r.gzip === undefined ? r.status : `${(r.gzip / 1000).toFixed(2)} kB min+gz`,
            r.limit === null ? 'no budget' : `budget ${(r.limit / 1000).toFixed(0)} kB`,
            r.limit === null ? '' : percent(r.gzip, r.limit),
            r.limit === null
              ? ''
              : verdict(r.gzip !== undefined && r.gzip <= r.limit, `≤ ${(r.limit / 1000).toFixed(0)} kB`),
          ),
        ),
      data: sizes,
    });
  }

  let ceiling: HttpFigures | undefined;
  if (wants('http')) {
    log('node:http ceiling');
    ceiling = await guard('node:http', () => ceilingFigures(config));
    data['nodeHttp'] = ceiling;
    if (ceiling) checkLoad('node:http create', ceiling.create);
  }

  let pglite: HttpFigures | undefined;
  if (wantsPglite()) {
    log('PGlite server: setup');
    pglite = await guard('PGlite', async () => {
      const server = await startServer({ refundDelayMs: DELAY });
      try {
        // PGlite is one connection: no row-lock contention to spread, so fewer sessions do (and its setup is slow).
        const setup = await setupServer({ ...config, sessions: Math.min(config.sessions, 64) }, server.url);
        log('PGlite server: create + retrieve');
        return await serverFigures(config, server.url, setup, server.pid);
      } finally {
        await server.stop();
      }
    });
    data['pglite'] = pglite;
    if (pglite) {
      checkLoad('PGlite create', pglite.create);
      checkLoad('PGlite retrieve', pglite.retrieve);
    }
  }

  // The CLI as users run it: PGlite in a data directory on disk. Refunds parked pending, then the
  // same directory restarted with the processor settling them at once; then, with no server holding
  // the directory, the embedded ceiling: the refund transaction in a loop straight into PGlite.
  let disk: HttpFigures | undefined;
  let diskSettling: HttpFigures | undefined;
  let loop: LoopResult | undefined;
  if (wantsPglite()) {
    const dir = mkdtempSync(join(tmpdir(), 'rk-perf-pglite-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const sessions = Math.min(config.sessions, 64);
    log('PGlite on disk: setup');
    const setup = await guard('PGlite on disk', async () => {
      const server = await startServer({ dataDir: dir, refundDelayMs: DELAY });
      try {
        const made = await setupServer({ ...config, sessions }, server.url);
        log('PGlite on disk: create + retrieve');
        disk = await serverFigures(config, server.url, made, server.pid);
        return made;
      } finally {
        await server.stop();
      }
    });
    data['pgliteDisk'] = disk;
    if (disk) checkLoad('PGlite on disk create', disk.create);
    if (setup) {
      log('PGlite on disk, refunds settling: create + retrieve');
      diskSettling = await guard('PGlite on disk, settling', async () => {
        const server = await startServer({ dataDir: dir, refundDelayMs: SETTLING });
        try {
          return await serverFigures(config, server.url, setup, server.pid);
        } finally {
          await server.stop();
        }
      });
      data['pgliteDiskSettling'] = diskSettling;
      if (diskSettling) checkLoad('PGlite on disk, settling, create', diskSettling.create);
    }
    log('PGlite loop ceiling (in process, on disk)');
    loop = await guard('PGlite loop', () => pgliteLoop(config, dir, sessions));
    data['pgliteLoop'] = loop;
  }

  const needsPostgres = ['http', 'postgres', 'pgbench', 'sdk', 'contention'].some(wants);
  let postgres: HttpFigures | undefined;
  let postgresSettling: HttpFigures | undefined;
  let pgbench: Awaited<ReturnType<typeof pgbenchCeiling>> | undefined;
  let pgbenchMinimal: Awaited<ReturnType<typeof pgbenchCeiling>> | undefined;
  let pgFloor: Awaited<ReturnType<typeof pgRetrieveFloor>> | undefined;
  let pgFloorPipelined: Awaited<ReturnType<typeof pgRetrieveFloor>> | undefined;
  if (needsPostgres) {
    const db = await createDatabase('bench');
    cleanups.push(() => db.drop());
    const servers: ServerProcess[] = [await startServer({ databaseUrl: db.url, refundDelayMs: DELAY })];
    cleanups.unshift(() => Promise.all(servers.map((s) => s.stop())));
    log('Postgres server: setup');
    const setup = await setupServer(config, servers[0]!.url);
    if (wantsPostgres()) {
      log('Postgres server: create + retrieve');
      postgres = await guard('Postgres', () =>
        serverFigures(config, servers[0]!.url, setup, servers[0]!.pid),
      );
      data['postgres'] = postgres;
      if (postgres) {
        checkLoad('Postgres create', postgres.create);
        checkLoad('Postgres retrieve', postgres.retrieve);
      }
    }
    if (wantsPostgres()) {
      log('retrieve floor: node:http + pg');
      pgFloor = await guard('node:http + pg', () => pgRetrieveFloor(config, db.url, setup.refundIds));
      data['pgRetrieveFloor'] = pgFloor;
      log('retrieve floor: node:http + pg, pipelined');
      pgFloorPipelined = await guard('node:http + pg pipelined', () =>
        pgRetrieveFloor(config, db.url, setup.refundIds, 'pipeline'),
      );
      data['pgRetrieveFloorPipelined'] = pgFloorPipelined;
    }
    if (wants('pgbench') || wantsPostgres()) {
      log('pgbench ceiling');
      pgbench = await guard('pgbench', () => pgbenchCeiling(config, db, config.sessions));
      data['pgbench'] = pgbench;
      log('pgbench: the minimal lock + insert + update');
      pgbenchMinimal = await guard('pgbench minimal', () =>
        pgbenchCeiling(config, db, config.sessions, 'minimal'),
      );
      data['pgbenchMinimal'] = pgbenchMinimal;
    }
    const sdk = wants('sdk')
      ? await guard('sdk', () => {
          log('SDK overhead vs raw fetch');
          return sdkOverhead(config, servers[0]!.url, setup.sessions, setup.refundIds);
        })
      : undefined;
    if (wants('sdk') && !sdk) sections.push({ name: 'sdk', rows: [failedRow('sdk')], data: null });
    if (sdk) {
      data['sdk'] = sdk;
      sections.push({
        name: 'sdk',
        rows: sdk.map((s) =>
          row(
            `\`refunds.${s.operation}\` median latency, ${s.concurrency} concurrent, interleaved with raw fetch (Postgres server)`,
            ms(s.sdkMs),
            `raw fetch: ${ms(s.fetchMs)}`,
            `${s.overhead >= 0 ? '+' : ''}${(s.overhead * 100).toFixed(1)}%`,
            verdict(s.overhead <= 0.1, 'overhead ≤ 10%'),
          ),
        ),
        data: sdk,
      });
    }
    const results = wants('contention')
      ? await guard('contention', async () => {
          const out = [];
          for (const count of config.contentionProcesses) {
            while (servers.length < count)
              servers.push(await startServer({ databaseUrl: db.url, refundDelayMs: DELAY }));
            log(`contention: ${config.contentionRefunds} refunds on one session, ${count} process(es)`);
            out.push(await contention(servers.slice(0, count), config.contentionRefunds));
          }
          return out;
        })
      : undefined;
    if (wants('contention') && !results)
      sections.push({ name: 'contention', rows: [failedRow('contention')], data: null });
    if (wantsPostgres()) {
      // Alone on the database, so no idle server's processor takes a share of the settling.
      await Promise.all(servers.map((s) => s.stop()));
      log('Postgres server, refunds settling: create + retrieve');
      postgresSettling = await guard('Postgres, settling', async () => {
        const server = await startServer({ databaseUrl: db.url, refundDelayMs: SETTLING });
        try {
          return await serverFigures(config, server.url, setup, server.pid);
        } finally {
          await server.stop();
        }
      });
      data['postgresSettling'] = postgresSettling;
      if (postgresSettling) checkLoad('Postgres, settling, create', postgresSettling.create);
    }
    if (results) {
      data['contention'] = results;
      const one = results.find((r) => r.processes === 1) ?? results[0]!;
      sections.push({
        name: 'contention',
        rows: results.map((r) =>
          row(
            `${r.refunds} concurrent partial refunds on one session, ${r.processes} process${r.processes > 1 ? 'es' : ''}`,
            `${Math.round(r.wallMs)} ms wall, ${perSecond(r.perSecond)}, ${latency(r)}`,
            r === one ? 'this is the baseline' : `1 process: ${perSecond(one.perSecond)}`,
            r === one ? '100%' : percent(r.perSecond, one.perSecond),
            `${r.succeeded}/${r.refunds} succeeded, total ${r.consistent ? 'exact' : 'WRONG'}`,
          ),
        ),
        data: results,
      });
    }
  }

  if (wantsPglite() || wantsPostgres()) {
    const c = ceiling;
    const failed = (name: string) => (failures[name] ? `failed: ${failures[name]}` : 'not run');
    const show = (f: LoadResult | undefined, cpuMs: number | undefined, name: string) =>
      f ? `${perSecond(f.rps)}, ${latency(f)}${cpu(cpuMs)}` : failed(name);
    const showMax = (f: LoadResult | undefined, cpuMs: number | undefined, name: string) =>
      f ? `${perSecond(f.rps)}, ${withMax(f)}${cpu(cpuMs)}` : failed(name);
    const vs = (label: string, base: number | undefined) =>
      base === undefined ? failed(label) : `${label}: ${perSecond(base)}`;
    const pgbenchOf = (f: LoadResult | undefined) =>
      `${percent(f?.rps, pgbench?.tps)} of pgbench; ${percent(f?.rps, pgbenchMinimal?.tps)} of minimal`;
    const pgbenchBaseline = `${vs('pgbench', pgbench?.tps)}; ${vs('minimal', pgbenchMinimal?.tps)}`;
    const postgresGoal = (f: LoadResult | undefined) =>
      f
        ? `${pgbench ? verdict(f.rps >= 0.5 * pgbench.tps, '≥ 50% of pgbench') : 'n/a'}; ${verdict(f.p99 <= 50, 'p99 ≤ 50 ms')}`
        : 'n/a';
    const diskGoal = (f: LoadResult | undefined) =>
      f
        ? `${loop ? verdict(f.rps >= 0.5 * loop.tps, '≥ 50% of the loop') : 'n/a'}; ${verdict(f.p99 <= 100, 'p99 ≤ 100 ms')}`
        : 'n/a';
    // The database floor is the faster of the two ways `pg` reaches Postgres.
    const floorRps = Math.max(pgFloor?.retrieve.rps ?? 0, pgFloorPipelined?.retrieve.rps ?? 0) || undefined;
    const floorsOf = (f: LoadResult | undefined) =>
      `${percent(f?.rps, pgFloor?.retrieve.rps)} of node:http + pg; ${percent(f?.rps, pgFloorPipelined?.retrieve.rps)} of node:http + pg pipelined`;
    const floorsBaseline = `${vs('node:http + pg', pgFloor?.retrieve.rps)}; ${vs('pipelined', pgFloorPipelined?.retrieve.rps)}`;
    const floorGoal = (f: LoadResult | undefined) =>
      f && floorRps ? verdict(f.rps >= 0.9 * floorRps, '≥ 90% of the faster floor') : 'n/a';
    const create = [
      row(
        `refund creation, ${config.connections} connections, node:http ceiling`,
        show(c?.create, undefined, 'node:http'),
        'this is the HTTP ceiling',
        '100%',
      ),
    ];
    if (wantsPostgres()) {
      create.push(
        row(
          `pgbench: the refund transaction, ${config.connections} clients`,
          pgbench ? `${perSecond(pgbench.tps)}, ${latency(pgbench)}` : failed('pgbench'),
          'this is the database ceiling',
          '100%',
        ),
        row(
          `pgbench: the minimal lock + insert + update (no event, no job), ${config.connections} clients`,
          pgbenchMinimal
            ? `${perSecond(pgbenchMinimal.tps)}, ${latency(pgbenchMinimal)}`
            : failed('pgbench minimal'),
          vs('pgbench', pgbench?.tps),
          percent(pgbenchMinimal?.tps, pgbench?.tps),
        ),
      );
    }
    if (wantsPglite()) {
      create.push(
        row(
          'PGlite in one process: the refund transaction in a loop, on disk',
          loop
            ? `${perSecond(loop.tps)}, ${withMax(loop)}; CPU ${loop.cpuMs.toFixed(2)} ms/transaction`
            : failed('PGlite loop'),
          'this is the embedded database ceiling',
          '100%',
        ),
        row(
          'refund creation on PGlite (embedded)',
          show(pglite?.create, pglite?.createCpuMs, 'PGlite'),
          vs('node:http', c?.create.rps),
          percent(pglite?.create.rps, c?.create.rps),
        ),
        row(
          'refund creation on PGlite on disk (the CLI with `--data`)',
          showMax(disk?.create, disk?.createCpuMs, 'PGlite on disk'),
          vs('PGlite loop', loop?.tps),
          `${percent(disk?.create.rps, loop?.tps)} of the loop`,
          diskGoal(disk?.create),
        ),
        row(
          'refund creation on PGlite on disk, refunds settling (`--refund-delay-ms 0`)',
          showMax(diskSettling?.create, diskSettling?.createCpuMs, 'PGlite on disk, settling'),
          vs('PGlite loop', loop?.tps),
          `${percent(diskSettling?.create.rps, loop?.tps)} of the loop`,
          diskGoal(diskSettling?.create),
        ),
      );
    }
    if (wantsPostgres()) {
      create.push(
        row(
          'refund creation on Postgres',
          show(postgres?.create, postgres?.createCpuMs, 'Postgres'),
          `${pgbenchBaseline}; ${vs('node:http', c?.create.rps)}`,
          pgbenchOf(postgres?.create),
          postgresGoal(postgres?.create),
        ),
        row(
          'refund creation on Postgres, refunds settling (`--refund-delay-ms 0`)',
          show(postgresSettling?.create, postgresSettling?.createCpuMs, 'Postgres, settling'),
          pgbenchBaseline,
          pgbenchOf(postgresSettling?.create),
          postgresGoal(postgresSettling?.create),
        ),
      );
    }
    sections.push({
      name: 'create',
      rows: create,
      data: {
        ceiling: c?.create,
        pgbench,
        pgbenchMinimal,
        pgliteLoop: loop,
        pglite: pglite?.create,
        pgliteDisk: disk?.create,
        pgliteDiskSettling: diskSettling?.create,
        postgres: postgres?.create,
        postgresSettling: postgresSettling?.create,
      },
    });
    const retrieve = [
      row(
        `refund retrieval, ${config.connections} connections, node:http ceiling`,
        show(c?.retrieve, undefined, 'node:http'),
        'this is the HTTP ceiling',
        '100%',
      ),
    ];
    if (wantsPostgres()) {
      retrieve.push(
        row(
          `refund retrieval, ${config.connections} connections, node:http + pg floor (the same SELECT, no framework)`,
          show(pgFloor?.retrieve, pgFloor?.cpuMs, 'node:http + pg'),
          vs('node:http', c?.retrieve.rps),
          percent(pgFloor?.retrieve.rps, c?.retrieve.rps),
        ),
        row(
          `refund retrieval, ${config.connections} connections, node:http + pg floor pipelined (2 connections in pg's pipeline mode)`,
          show(pgFloorPipelined?.retrieve, pgFloorPipelined?.cpuMs, 'node:http + pg pipelined'),
          `${vs('node:http', c?.retrieve.rps)}; ${vs('node:http + pg', pgFloor?.retrieve.rps)}`,
          `${percent(pgFloorPipelined?.retrieve.rps, c?.retrieve.rps)} of node:http; ${percent(pgFloorPipelined?.retrieve.rps, pgFloor?.retrieve.rps)} of node:http + pg`,
        ),
      );
    }
    if (wantsPglite()) {
      retrieve.push(
        row(
          'refund retrieval on PGlite',
          show(pglite?.retrieve, pglite?.retrieveCpuMs, 'PGlite'),
          vs('node:http', c?.retrieve.rps),
          percent(pglite?.retrieve.rps, c?.retrieve.rps),
        ),
      );
    }
    if (wantsPostgres()) {
      retrieve.push(
        row(
          'refund retrieval on Postgres',
          show(postgres?.retrieve, postgres?.retrieveCpuMs, 'Postgres'),
          `${vs('node:http', c?.retrieve.rps)}; ${floorsBaseline}`,
          `${percent(postgres?.retrieve.rps, c?.retrieve.rps)} of node:http; ${floorsOf(postgres?.retrieve)}`,
          postgres && c
            ? `${verdict(postgres.retrieve.rps >= 0.4 * c.retrieve.rps, '≥ 40% of node:http')}; ${floorGoal(postgres.retrieve)}`
            : 'n/a',
        ),
        row(
          'refund retrieval on Postgres, refunds settling (`--refund-delay-ms 0`)',
          show(postgresSettling?.retrieve, postgresSettling?.retrieveCpuMs, 'Postgres, settling'),
          floorsBaseline,
          floorsOf(postgresSettling?.retrieve),
          floorGoal(postgresSettling?.retrieve),
        ),
      );
    }
    sections.push({
      name: 'retrieve',
      rows: retrieve,
      data: {
        ceiling: c?.retrieve,
        pgFloor: pgFloor?.retrieve,
        pgFloorPipelined: pgFloorPipelined?.retrieve,
        pglite: pglite?.retrieve,
        pgliteDisk: disk?.retrieve,
        pgliteDiskSettling: diskSettling?.retrieve,
        postgres: postgres?.retrieve,
        postgresSettling: postgresSettling?.retrieve,
      },
    });
  }

  const growth = wants('growth')
    ? await guard('growth', async () => {
        const db: Database = await createDatabase('growth');
        cleanups.push(() => db.drop());
        const server = await startServer({ databaseUrl: db.url, refundDelayMs: DELAY });
        cleanups.unshift(() => server.stop());
        const { sessions } = await setupServer(
          { ...config, sessions: Math.min(config.sessions, 200) },
          server.url,
        );
        const points: GrowthPoint[] = [];
        let filled = 0;
        for (const size of config.growthSizes) {
          log(`growth: filling to ${size.toLocaleString('en-US')} refunds`);
          const insertSeconds = await fillTo(db.pool, filled, size);
          filled = size;
          const inStore = Number((await db.pool.query('select count(*) as n from refunds')).rows[0].n);
          log(
            `growth: measuring with ${inStore.toLocaleString('en-US')} refunds (insert took ${round(insertSeconds)} s)`,
          );
          // A fresh server warms up on the first point: a discarded run first, so the baseline is not inflated.
          if (points.length === 0) await measureAt(config, server.url, sessions, size, insertSeconds);
          const point = await measureAt(config, server.url, sessions, size, insertSeconds);
          points.push({ ...point, refundsInStore: inStore });
          checkLoad(`growth ${size} create`, point.create);
          checkLoad(`growth ${size} retrieve`, point.retrieve);
        }
        data['growth'] = points;
        const first = points[0]!;
        // Throughput at a fixed concurrency is the cost per request, to the resolution of the clock:
        // autocannon's latencies are whole milliseconds, and a retrieve here takes less than one.
        const flat = (rps: number, base: number) => rps >= base / 2;
        const load = (f: LoadResult) => `${perSecond(f.rps)}, mean ${ms(f.mean)}, p99 ${ms(f.p99)}`;
        const growthRow = (p: GrowthPoint, what: string, f: (q: GrowthPoint) => LoadResult) =>
          row(
            what,
            load(f(p)),
            p === first
              ? 'this is the baseline'
              : `${first.refundsInStore.toLocaleString('en-US')}: ${load(f(first))}`,
            p === first ? '100%' : percent(f(p).rps, f(first).rps),
            p === first ? '' : verdict(flat(f(p).rps, f(first).rps), 'flat (throughput within 2×)'),
          );
        sections.push({
          name: 'growth',
          rows: points.flatMap((p) => [
            growthRow(
              p,
              `create with ${p.refundsInStore.toLocaleString('en-US')} refunds in the store (${config.growthConnections} connections)`,
              (q) => q.create,
            ),
            growthRow(
              p,
              `retrieve a random refund of ${p.refundsInStore.toLocaleString('en-US')}`,
              (q) => q.retrieve,
            ),
          ]),
          data: points,
        });
        return points;
      })
    : undefined;
  if (wants('growth') && !growth) sections.push({ name: 'growth', rows: [failedRow('growth')], data: null });

  if (wants('demo')) {
    log('demo: npm run demo to the first page (dashboard and Storybook rebuilt)');
    const demo = await guard('demo', () => demoStartup(repoRoot));
    data['demo'] = demo;
    sections.push({ name: 'demo', rows: demo ? demo.rows : [failedRow('demo')], data: demo ?? null });
  }
  sections.sort((a, b) => order(a.name) - order(b.name));

  const seconds = (Date.now() - started) / 1000;
  const measuredAt = new Date().toISOString();
  const markdown = renderMarkdown(sections, {
    machine,
    measuredAt,
    quick: config.quick,
    seconds,
    postgres: pgVersion,
  });
  const partial = config.only.length > 0;
  const outDir =
    config.quick || partial
      ? resolve(import.meta.dirname, '..', '.bench-quick')
      : resolve(import.meta.dirname, '..', 'results');
  mkdirSync(outDir, { recursive: true });
  const json = resolve(outDir, 'bench.json');
  writeFileSync(
    json,
    `${JSON.stringify({ measuredAt, seconds, quick: config.quick, machine: { ...machine, postgres: pgVersion, loadAverage1mAtEnd: (await import('node:os')).loadavg()[0] }, config, figures: data, failures, table: sections.map((s) => ({ section: s.name, rows: s.rows })) }, null, 2)}\n`,
  );
  writeFileSync(resolve(outDir, 'bench.md'), markdown);
  // biome owns the formatting of committed JSON.
  await promisify(execFile)(resolve(repoRoot, 'node_modules', '.bin', 'biome'), ['format', '--write', json], {
    cwd: repoRoot,
  }).catch(() => undefined);
  process.stdout.write(`\n${markdown}\n`);
  if (!config.quick && !partial) {
    const readme = resolve(repoRoot, 'README.md');
    log(
      updateReadme(readme, markdown)
        ? 'README Performance section updated'
        : 'README markers missing: table not copied',
    );
  }
  log(`wrote ${outDir}/bench.json and bench.md in ${Math.round(seconds)} s`);
}

const ORDER = ['create', 'retrieve', 'contention', 'growth', 'sdk', 'bundle size', 'core', 'demo'];
const order = (name: string) => {
  const i = ORDER.indexOf(name);
  return i === -1 ? ORDER.length : i;
};

try {
  await main(config);
} catch (error) {
  process.exitCode = 1;
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
} finally {
  for (const cleanup of cleanups) await cleanup().catch((error: unknown) => log(`cleanup: ${String(error)}`));
}
