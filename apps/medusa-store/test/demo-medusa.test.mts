// `npm run demo:medusa` as a new user runs it, once on each of Medusa's databases: the embedded PGlite
// (no DATABASE_URL, the default) and the local Postgres (DATABASE_URL). Each run is a real Medusa 2.21
// with the plugin and the refundkit server on its PGlite data directory, seeded; the admin answers, a
// seeded order is refunded through Medusa's admin API and found succeeded at the gateway; Ctrl-C stops
// all of it; a second start keeps the data, which is then read from the database itself. Every wait
// polls, with room for a loaded 2-core machine.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createClient } from '@refundkit/sdk';
import pg from 'pg';
import { freePort, type Launched, launch } from './launch.mjs';

const POSTGRES = 'postgres://postgres@localhost:5432';
const stamp = `${process.pid}_${Date.now().toString(36)}`;
const READY = /Refundkit Medusa store is ready \([^)]*\)/;
const dataDirs: string[] = [];
const databases: string[] = [];
let running: Launched | null = null;

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rk-medusa-demo-'));
  dataDirs.push(dir);
  return dir;
}

async function onPostgres<T>(database: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: `${POSTGRES}/${database}` });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

interface Started {
  admin: string;
  email: string;
  password: string;
  gateway: string;
  testKey: string;
  text: string;
}

async function start(env: Record<string, string>): Promise<Started> {
  running = launch(env);
  // The first start may build the plugin and the admin: minutes on a loaded machine.
  const [text] = await running.waitFor(READY, 1_200_000);
  const [, admin] = await running.waitFor(/admin:\s+(http:\/\/\S+)/, 10_000);
  const [, email, password] = await running.waitFor(/admin login:\s+(\S+) \/ (\S+)/, 10_000);
  const [, gateway] = await running.waitFor(/refund server:\s+(http:\/\/\S+)/, 10_000);
  const [, testKey] = await running.waitFor(/test key:\s+(sk_test_\S+)/, 10_000);
  return {
    admin: admin as string,
    email: email as string,
    password: password as string,
    gateway: gateway as string,
    testKey: testKey as string,
    text,
  };
}

async function stop(port: number): Promise<void> {
  const launched = running;
  if (!launched) return;
  await launched.interrupt();
  running = null;
  expect(launched.output()).toContain('Stopped. The data is kept for the next start.');
  // Nothing of it is left: no process of its group, nothing on Medusa's port.
  expect(launched.groupAlive()).toBe(false);
  expect(
    await fetch(`http://localhost:${port}/health`).then(
      () => 'answered',
      () => 'closed',
    ),
  ).toBe('closed');
}

async function until<T>(
  what: string,
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 180_000,
) {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function adminApi(base: string, token: string) {
  return async <T extends object = Record<string, unknown>>(method: string, path: string, body?: unknown) => {
    const response = await fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
}

async function login(origin: string, email: string, password: string) {
  const response = await fetch(`${origin}/auth/user/emailpass`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(response.status).toBe(200);
  return adminApi(origin, ((await response.json()) as { token: string }).token);
}

interface OrderRefunds {
  refund_failed: boolean;
  refunds: {
    amount: number;
    status: string;
    gateway_refund_id: string;
    medusa_refund_id: string | null;
    failure_reason: string | null;
  }[];
  payments: { id: string; session_id: string; captured: number; refunded: number }[];
}

interface Counts {
  orders: number;
  refunds: number;
}

const COUNTS =
  'SELECT (SELECT count(*) FROM "order")::int AS orders, (SELECT count(*) FROM refundkit_refund)::int AS refunds';

interface Backend {
  name: string;
  env(port: number, dataDir: string): Record<string, string>;
  /** The ready message's database line. */
  database: RegExp;
  /** What Medusa's database holds, read once the demo has stopped. */
  counts(dataDir: string): Promise<Counts>;
}

const postgresDatabase = `rk_medusa_demo_${stamp}`;
const backends: Backend[] = [
  {
    name: 'the embedded PGlite (no DATABASE_URL)',
    env: (port, dataDir) => ({
      RK_MEDUSA_PORT: String(port),
      RK_MEDUSA_SERVER_PORT: '0',
      RK_MEDUSA_DATA_DIR: dataDir,
    }),
    database: /database:\s+PGlite in \S+medusa, served at postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres /,
    async counts(dataDir) {
      const db = await PGlite.create(join(dataDir, 'medusa'));
      try {
        return (await db.query<Counts>(COUNTS)).rows[0] as Counts;
      } finally {
        await db.close();
      }
    },
  },
  {
    name: 'Postgres (DATABASE_URL)',
    env: (port, dataDir) => {
      databases.push(postgresDatabase);
      return {
        RK_MEDUSA_PORT: String(port),
        RK_MEDUSA_SERVER_PORT: '0',
        RK_MEDUSA_DATA_DIR: dataDir,
        DATABASE_URL: `${POSTGRES}/${postgresDatabase}`,
      };
    },
    database: new RegExp(`database:\\s+${POSTGRES}/${postgresDatabase} \\(DATABASE_URL\\)`),
    counts: () =>
      onPostgres(postgresDatabase, async (client) => (await client.query<Counts>(COUNTS)).rows[0] as Counts),
  },
];

afterAll(async () => {
  if (running) {
    running.kill();
    await running.exited;
  }
  for (const database of databases) {
    await onPostgres('postgres', (client) =>
      client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`),
    );
  }
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

describe.each(backends)('on $name', (backend) => {
  let port: number;
  let dataDir: string;
  let env: Record<string, string>;
  let refundedOrderId = '';

  beforeAll(async () => {
    port = await freePort();
    dataDir = tempDir();
    env = backend.env(port, dataDir);
  });

  it('starts a seeded Medusa store whose admin answers, refunds a seeded order at the gateway, and stops on Ctrl-C', async () => {
    const started = await start(env);
    expect(started.text).toContain('seeded 3 paid orders');
    expect(running?.output()).toMatch(backend.database);
    const origin = new URL(started.admin).origin;

    const page = await fetch(started.admin);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="medusa"');

    const api = await login(origin, started.email, started.password);
    const { body: listed } = await api<{ orders: { id: string; display_id: number }[] }>(
      'GET',
      '/admin/orders?fields=id,display_id&order=display_id',
    );
    expect(listed.orders.map((o) => o.display_id).sort()).toEqual([1, 2, 3]);
    const byNumber = (n: number) => listed.orders.find((o) => o.display_id === n)?.id as string;
    const refunds = async (orderId: string) =>
      (await api<OrderRefunds>('GET', `/admin/orders/${orderId}/refundkit-refunds`)).body;

    // The seeded stories, as the widget reads them.
    const first = await until('the seeded partial refund to succeed', async () => {
      const body = await refunds(byNumber(1));
      return body.refunds[0]?.status === 'succeeded' ? body : null;
    });
    expect(first.refunds.map((r) => r.amount)).toEqual([5_000]);
    const third = await until('the seeded rejected refund to be flagged', async () => {
      const body = await refunds(byNumber(3));
      return body.refund_failed ? body : null;
    });
    expect(third.refunds[0]).toMatchObject({ amount: 2_000, status: 'failed' });

    // Order #2 is untouched: refund part of it through Medusa's own admin endpoint.
    refundedOrderId = byNumber(2);
    const before = await refunds(refundedOrderId);
    expect(before.payments).toEqual([expect.objectContaining({ captured: 20_000, refunded: 0 })]);
    const payment = before.payments[0] as OrderRefunds['payments'][number];
    const tooMuch = await api<{ message: string }>('POST', `/admin/payments/${payment.id}/refund`, {
      amount: 250,
    });
    expect(tooMuch.status).toBe(400);
    const made = await api('POST', `/admin/payments/${payment.id}/refund`, { amount: 25 });
    expect(made.status).toBe(200);
    const after = await until('the refund to succeed at the gateway', async () => {
      const body = await refunds(refundedOrderId);
      return body.refunds[0]?.status === 'succeeded' && body.refunds[0]?.medusa_refund_id ? body : null;
    });
    expect(after.refunds.map((r) => r.amount)).toEqual([2_500]);
    expect(after.payments[0]).toMatchObject({ captured: 20_000, refunded: 2_500 });

    // The refundkit server holds that refund, against the order's checkout session.
    const gateway = createClient({
      dialect: 'convergegate',
      baseUrl: started.gateway,
      secretKey: started.testKey,
    });
    const atGateway = await gateway.refunds.retrieve(after.refunds[0]?.gateway_refund_id as string);
    expect(atGateway).toMatchObject({
      paymentId: payment.session_id,
      amount: { amount: 2_500, currency: 'PLN' },
      status: 'succeeded',
    });

    await stop(port);
  });

  it('keeps the data on a second start, in its database', async () => {
    const started = await start(env);
    expect(started.text).toContain('kept the data of an earlier start (3 orders)');
    const api = await login(new URL(started.admin).origin, started.email, started.password);
    const { body } = await api<OrderRefunds>('GET', `/admin/orders/${refundedOrderId}/refundkit-refunds`);
    expect(body.refunds.map((r) => [r.amount, r.status])).toEqual([[2_500, 'succeeded']]);
    expect(body.payments[0]).toMatchObject({ refunded: 2_500 });
    await stop(port);
    // Medusa's migrations made the plugin's table beside Medusa's, and the seeded data is in them:
    // three orders, and the plugin's three refunds (the two seeded, the one above).
    expect(await backend.counts(dataDir)).toEqual({ orders: 3, refunds: 3 });
  });
});

describe('a DATABASE_URL naming a database the demo did not create', () => {
  const foreign = `rk_medusa_foreign_${stamp}`;

  async function refused(flags: string[]): Promise<string> {
    const dataDir = tempDir();
    const kept = join(dataDir, 'kept');
    writeFileSync(kept, '');
    const demo = launch(
      {
        RK_MEDUSA_PORT: String(await freePort()),
        RK_MEDUSA_DATA_DIR: dataDir,
        DATABASE_URL: `${POSTGRES}/${foreign}`,
      },
      flags,
    );
    const { code } = await demo.exited;
    expect(code).toBe(1);
    // Nothing was touched: the store's table is there, the data directory too.
    expect(existsSync(kept)).toBe(true);
    const tables = await onPostgres(foreign, (client) =>
      client.query('SELECT count(*)::int AS n FROM shop_orders'),
    );
    expect(tables.rows[0]).toEqual({ n: 1 });
    expect(demo.output()).not.toContain('building the plugin');
    return demo.output();
  }

  beforeAll(async () => {
    databases.push(foreign);
    await onPostgres('postgres', (client) => client.query(`CREATE DATABASE "${foreign}"`));
    await onPostgres(foreign, async (client) => {
      await client.query('CREATE TABLE shop_orders (id int)');
      await client.query('INSERT INTO shop_orders VALUES (1)');
    });
  });

  it('is neither migrated nor seeded', async () => {
    expect(await refused([])).toContain(
      `The database ${foreign} (DATABASE_URL) holds tables the demo did not create`,
    );
  });

  it('is not dropped by --reset', async () => {
    expect(await refused(['--reset'])).toContain(
      `--reset drops only a database the demo created, and ${foreign} (DATABASE_URL) is not one`,
    );
  });
});
