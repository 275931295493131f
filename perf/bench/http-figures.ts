import { resolve } from 'node:path';
import { cpuSeconds } from '../src/cpu.js';
import { convergeGate, paidPayments } from '../src/dialects.js';
import { api, basicAuth, pool } from '../src/http.js';
import { KEYS } from '../src/server-process.js';
import { spawnListening } from '../src/spawn.js';
import { type LoadResult, load } from './cannon.js';
import type { BenchConfig } from './config.js';

const headers = { authorization: basicAuth(KEYS.test), 'content-type': 'application/json' };

/** Refunds of 1 minor unit on sessions this large never reach the cap during a run. */
const SESSION_AMOUNT = 1_000_000_000;

export interface HttpFigures {
  create: LoadResult;
  retrieve: LoadResult;
  /** Server process CPU (user + system) per answered request, ms: where the time goes. */
  createCpuMs?: number | undefined;
  retrieveCpuMs?: number | undefined;
}

/** Runs `work` and divides the CPU the process used meanwhile by the requests it answered. */
async function withCpu(
  pid: number | undefined,
  work: () => Promise<LoadResult>,
): Promise<[LoadResult, number | undefined]> {
  const before = pid === undefined ? undefined : cpuSeconds(pid);
  const result = await work();
  const after = pid === undefined ? undefined : cpuSeconds(pid);
  const answered = result.ok + result.non2xx;
  return [
    result,
    before === undefined || after === undefined || answered === 0
      ? undefined
      : ((after - before) * 1000) / answered,
  ];
}

/** A round-robin over `items`. */
function cycle<T>(items: readonly T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length]!;
}

/** The node:http ceiling: the same requests against a bare handler answering the same JSON. */
export async function ceilingFigures(config: BenchConfig): Promise<HttpFigures> {
  const script = resolve(import.meta.dirname, 'ceiling-server.ts');
  const server = await spawnListening(['--import', 'tsx', script], {
    cwd: resolve(import.meta.dirname, '..'),
  });
  try {
    const body = JSON.stringify({ session_id: 'AxJq5wCkzQ2E4lS5Don9CGE', amount: 1 });
    const post = () => ({ path: '/v1/refunds', body });
    const get = () => ({ path: '/v1/refunds/mtacZwIsyHUXUeUZSFo' });
    const base = { url: server.url, connections: config.connections, headers };
    await load({ ...base, durationS: config.warmupSeconds, method: 'POST', next: post });
    const create = await load({ ...base, durationS: config.createSeconds, method: 'POST', next: post });
    const retrieve = await load({ ...base, durationS: config.retrieveSeconds, method: 'GET', next: get });
    return { create, retrieve };
  } finally {
    await server.stop();
  }
}

/**
 * The retrieve floor with the database: a bare node:http handler running the server's SELECT on the
 * same Postgres (the same refunds), at the same concurrency. Where the node:http ceiling shows what
 * HTTP alone costs, this shows what a database-backed retrieve cannot go below on this machine:
 * through a pool of 10 (`pool`), or two connections in pg's pipeline mode (`pipeline`, what the
 * server's driver does).
 */
export async function pgRetrieveFloor(
  config: BenchConfig,
  databaseUrl: string,
  refundIds: readonly string[],
  mode: 'pool' | 'pipeline' = 'pool',
): Promise<{ retrieve: LoadResult; cpuMs: number | undefined }> {
  const script = resolve(import.meta.dirname, 'pg-ceiling-server.ts');
  const server = await spawnListening(['--import', 'tsx', script], {
    cwd: resolve(import.meta.dirname, '..'),
    env: { ...process.env, DATABASE_URL: databaseUrl, RK_FLOOR: mode },
  });
  try {
    const refund = cycle(refundIds);
    const base = { url: server.url, connections: config.connections, headers, method: 'GET' as const };
    const next = () => ({ path: `/v1/refunds/${refund()}` });
    await load({ ...base, durationS: config.warmupSeconds, next });
    const [retrieve, cpuMs] = await withCpu(server.pid, () =>
      load({ ...base, durationS: config.retrieveSeconds, next }),
    );
    return { retrieve, cpuMs };
  } finally {
    await server.stop();
  }
}

export interface ServerSetup {
  sessions: string[];
  refundIds: string[];
}

/** Completed sessions to refund, and one refund on each to retrieve. */
export async function setupServer(config: BenchConfig, url: string): Promise<ServerSetup> {
  const client = api(url, KEYS.test);
  const sessions = await paidPayments(convergeGate, client, config.sessions, SESSION_AMOUNT, 8);
  const refundIds = await pool(sessions, 8, async (id) => {
    const made = await convergeGate.createRefund(client, { paymentId: id, amount: 1 });
    if (made.status !== 200) throw new Error(`setup refund: ${made.status} ${made.text}`);
    return made.body.id as string;
  });
  return { sessions, refundIds };
}

/** Refund creation (each on one of many large completed sessions) and retrieval, at `connections`. */
export async function serverFigures(
  config: BenchConfig,
  url: string,
  setup: ServerSetup,
  pid?: number,
): Promise<HttpFigures> {
  const session = cycle(setup.sessions);
  const post = () => ({ path: '/v1/refunds', body: JSON.stringify({ session_id: session(), amount: 1 }) });
  const refund = cycle(setup.refundIds);
  const get = () => ({ path: `/v1/refunds/${refund()}` });
  const base = { url, connections: config.connections, headers, drain: true };
  await load({ ...base, durationS: config.warmupSeconds, method: 'POST', next: post });
  const [create, createCpuMs] = await withCpu(pid, () =>
    load({ ...base, durationS: config.createSeconds, method: 'POST', next: post }),
  );
  const [retrieve, retrieveCpuMs] = await withCpu(pid, () =>
    load({ ...base, durationS: config.retrieveSeconds, method: 'GET', next: get }),
  );
  return { create, retrieve, createCpuMs, retrieveCpuMs };
}
