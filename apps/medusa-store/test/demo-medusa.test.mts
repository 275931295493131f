// `npm run demo:medusa` as a new user runs it: a real Medusa 2.21 with the plugin on the local
// Postgres, the refundkit server on its PGlite data directory, seeded; the admin answers, a seeded
// order is refunded through Medusa's admin API and tracked to succeeded; Ctrl-C stops all of it; a
// second start keeps the data. Every wait polls, with room for a loaded 2-core machine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, type Launched, launch } from './launch.mjs';

const database = `rk_medusa_demo_${process.pid}_${Date.now().toString(36)}`;
const dataDir = mkdtempSync(join(tmpdir(), 'rk-medusa-demo-'));
const READY = /Refundkit Medusa store is ready \([^)]*\)/;
let port: number;
let running: Launched | null = null;

async function start(): Promise<{ admin: string; email: string; password: string; text: string }> {
  running = launch({
    RK_MEDUSA_PORT: String(port),
    RK_MEDUSA_SERVER_PORT: '0',
    RK_MEDUSA_DATA_DIR: dataDir,
    RK_MEDUSA_DATABASE: database,
  });
  // The first start may build the plugin and the admin: minutes on a loaded machine.
  const [text] = await running.waitFor(READY, 1_200_000);
  const [, admin] = await running.waitFor(/admin:\s+(http:\/\/\S+)/, 10_000);
  const [, email, password] = await running.waitFor(/admin login:\s+(\S+) \/ (\S+)/, 10_000);
  return { admin: admin as string, email: email as string, password: password as string, text };
}

async function stop(): Promise<void> {
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
    medusa_refund_id: string | null;
    failure_reason: string | null;
  }[];
  payments: { id: string; captured: number; refunded: number }[];
}

beforeAll(async () => {
  port = await freePort();
});

afterAll(async () => {
  if (running) {
    running.kill();
    await running.exited;
  }
  const client = new pg.Client({ connectionString: 'postgres://postgres@localhost:5432/postgres' });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await client.end();
  rmSync(dataDir, { recursive: true, force: true });
});

let refundedOrderId = '';

it('starts a seeded Medusa store whose admin answers and refunds a seeded order, and stops on Ctrl-C', async () => {
  const started = await start();
  expect(started.text).toContain('seeded 3 paid orders');
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
  const paymentId = before.payments[0]?.id as string;
  const tooMuch = await api<{ message: string }>('POST', `/admin/payments/${paymentId}/refund`, {
    amount: 250,
  });
  expect(tooMuch.status).toBe(400);
  const made = await api('POST', `/admin/payments/${paymentId}/refund`, { amount: 25 });
  expect(made.status).toBe(200);
  const after = await until('the refund to succeed at the gateway', async () => {
    const body = await refunds(refundedOrderId);
    return body.refunds[0]?.status === 'succeeded' && body.refunds[0]?.medusa_refund_id ? body : null;
  });
  expect(after.refunds.map((r) => r.amount)).toEqual([2_500]);
  expect(after.payments[0]).toMatchObject({ captured: 20_000, refunded: 2_500 });

  await stop();
});

it('keeps the data on a second start', async () => {
  const started = await start();
  expect(started.text).toContain('kept the data of an earlier start (3 orders)');
  const api = await login(new URL(started.admin).origin, started.email, started.password);
  const { body } = await api<OrderRefunds>('GET', `/admin/orders/${refundedOrderId}/refundkit-refunds`);
  expect(body.refunds.map((r) => [r.amount, r.status])).toEqual([[2_500, 'succeeded']]);
  expect(body.payments[0]).toMatchObject({ refunded: 2_500 });
  await stop();
});
