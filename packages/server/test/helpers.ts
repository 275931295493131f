import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createServer, type RunningServer, type ServerOptions } from '../src/index.js';

export const ADMIN_URL = process.env['RK_TEST_PG_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Database {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, uniquely named Postgres database for one test file; dropped afterwards. */
export async function createDatabase(): Promise<Database> {
  const name = `rk_server_${process.pid}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

export interface Backend {
  name: 'pglite' | 'postgres';
  /** Options for createServer that point at this backend's storage. */
  open(): Promise<{ options: ServerOptions; close(): Promise<void> }>;
}

export const backends: Backend[] = [
  {
    name: 'pglite',
    async open() {
      return { options: { inMemory: true }, close: async () => {} };
    },
  },
  {
    name: 'postgres',
    async open() {
      const db = await createDatabase();
      return { options: { databaseUrl: db.url, poolSize: 8 }, close: () => db.drop() };
    },
  },
];

export const TEST_KEY = 'sk_test_refundkit_server_tests_0001';
export const LIVE_KEY = 'sk_live_refundkit_server_tests_0001';

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON responses loosely and assert on them.
export type Body = any;

export interface Api {
  server: RunningServer;
  request(
    method: string,
    path: string,
    options?: { body?: unknown; form?: string; key?: string | null; headers?: Record<string, string> },
  ): Promise<{ status: number; body: Body; headers: Headers }>;
  get(path: string, key?: string | null): Promise<{ status: number; body: Body; headers: Headers }>;
  post(
    path: string,
    body: unknown,
    options?: { key?: string | null; idempotencyKey?: string; json?: boolean },
  ): Promise<{ status: number; body: Body; headers: Headers }>;
}

/** Encodes an object the way the spec's curl examples do: `a=1&metadata[k]=v&payment_method[]=blik`. */
export function formEncode(body: Record<string, unknown>): string {
  const parts: string[] = [];
  const add = (key: string, value: unknown) => {
    if (value === undefined) return;
    if (Array.isArray(value)) for (const item of value) add(`${key}[]`, item);
    else if (value !== null && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) add(`${key}[${k}]`, v);
    else parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  };
  for (const [key, value] of Object.entries(body)) add(key, value);
  return parts.join('&');
}

export function api(server: RunningServer): Api {
  const request: Api['request'] = async (method, path, options = {}) => {
    const key = options.key === undefined ? server.keys.test : options.key;
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (key !== null) headers['authorization'] = `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
    let body: string | undefined;
    if (options.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = options.form;
    } else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const response = await fetch(`${server.url}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return { status: response.status, body: parsed, headers: response.headers };
  };
  return {
    server,
    request,
    get: (path, key) => request('GET', path, { key }),
    post: (path, body, options = {}) =>
      request('POST', path, {
        key: options.key,
        headers: options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {},
        ...(options.json ? { body } : { form: formEncode(body as Record<string, unknown>) }),
      }),
  };
}

export const sessionInput = (overrides: Record<string, unknown> = {}) => ({
  amount: 10_000,
  currency: 'pln',
  customer_email: 'john@example.com',
  customer_firstname: 'John',
  customer_lastname: 'Doe',
  success_url: 'https://shop.example/success',
  ...overrides,
});

/** A completed (paid) session, ready to refund. */
export async function paidSession(client: Api, overrides: Record<string, unknown> = {}, key?: string) {
  const created = await client.post('/v1/checkout/sessions', sessionInput(overrides), { key });
  if (created.status !== 200) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
  const paid = await client.post(
    `/v1/checkout/sessions/${created.body.id}/pay`,
    { blik_code: '123456' },
    { key },
  );
  if (paid.status !== 200) throw new Error(`pay failed: ${JSON.stringify(paid.body)}`);
  return paid.body;
}

/** Polls until `check` returns a value (never a fixed sleep). */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  return createServer({ testKey: TEST_KEY, liveKey: LIVE_KEY, refundDelayMs: 0, ...options });
}

export interface CliProcess {
  url: string;
  output: () => string;
  /** SIGTERM, then the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

const PACKAGE_DIR = new URL('..', import.meta.url);

/** Runs `refundkit-server` from source as a separate OS process (tsx, source condition). */
export async function spawnCli(args: string[], env: Record<string, string> = {}): Promise<CliProcess> {
  const { spawn } = await import('node:child_process');
  const child = spawn(
    process.execPath,
    ['--conditions=@refundkit/source', '--import', 'tsx', 'src/cli.ts', ...args],
    { cwd: PACKAGE_DIR, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await Promise.race([
    waitFor(async () => /listening on (http:\/\/\S+)/.exec(output)?.[1], 'the CLI to listen', 180_000),
    exited.then((code) => {
      throw new Error(`CLI exited with ${code}: ${output}`);
    }),
  ]);
  return {
    url,
    output: () => output,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
