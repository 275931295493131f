import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startDroppingProxy } from '../src/proxy.js';
import { type Fault, startReceiver } from '../src/receiver.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A loopback upstream that counts what it served. */
async function upstream(): Promise<{ url: string; served: string[] }> {
  const served: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      served.push(`${req.method} ${req.url} ${body}`);
      res.writeHead(201, { 'content-type': 'application/json', 'x-upstream': 'yes' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, served };
}

describe('the dropping proxy', () => {
  it('passes answers through untouched when it drops nothing', async () => {
    const up = await upstream();
    const proxy = await startDroppingProxy(() => up.url, { dropRate: 0 });
    cleanups.push(() => proxy.close());
    const response = await fetch(`${proxy.url}/v1/refunds?x=1`, { method: 'POST', body: 'amount=5' });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-upstream')).toBe('yes');
    expect(await response.json()).toEqual({ ok: true });
    expect(up.served).toEqual(['POST /v1/refunds?x=1 amount=5']);
    expect(proxy.stats).toEqual({ forwarded: 1, dropped: 0 });
  });

  it('lets the upstream do the work, then resets the client', async () => {
    const up = await upstream();
    const proxy = await startDroppingProxy(() => up.url, { dropRate: 1 });
    cleanups.push(() => proxy.close());
    await expect(fetch(`${proxy.url}/v1/refunds`, { method: 'POST', body: 'a=1' })).rejects.toThrow();
    expect(up.served).toEqual(['POST /v1/refunds a=1']);
    expect(proxy.stats).toEqual({ forwarded: 1, dropped: 1 });
  });
});

describe('the webhook receiver', () => {
  it('processes an event once however often it arrives, and acknowledges it once answered 2xx', async () => {
    const plan: Fault[] = ['fail', 'process-then-fail', 'ok', 'ok'];
    const receiver = await startReceiver(() => plan.shift() ?? 'ok');
    cleanups.push(() => receiver.close());
    const send = () =>
      fetch(receiver.url, { method: 'POST', body: JSON.stringify({ id: 'evt_1', type: 'refund.created' }) });
    expect((await send()).status).toBe(500);
    expect(receiver.processed.size).toBe(0);
    expect((await send()).status).toBe(500);
    expect(receiver.processed.size).toBe(1);
    expect(receiver.acked.size).toBe(0);
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(200);
    expect(receiver.acked.has('evt_1')).toBe(true);
    expect(receiver.processed.size).toBe(1);
    expect(receiver.duplicatesSkipped).toBe(2);
    expect(receiver.attempts).toHaveLength(4);
    expect(receiver.faults).toMatchObject({ fail: 1, 'process-then-fail': 1, ok: 2 });
  });
});
