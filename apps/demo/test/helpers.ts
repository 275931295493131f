import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type RefundkitClient } from '@refundkit/sdk';
import { createServer, type RunningServer } from '@refundkit/server';
import { type Backend, startBackend } from '../src/backend.js';

export interface Rig {
  server: RunningServer;
  backend: Backend;
  client: RefundkitClient;
  dir: string;
  close(): Promise<void>;
}

/** The real refund server (in-memory PGlite, port 0) with the demo's backend receiving its webhooks. */
export async function startRig(options: { refundDelayMs?: number } = {}): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), 'refundkit-demo-test-'));
  const web = join(dir, 'web');
  mkdirSync(join(web, 'assets'), { recursive: true });
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>dashboard</title>');
  writeFileSync(join(web, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'outside the web root');
  const backend = await startBackend({
    port: 0,
    webDir: web,
    webhookLogFile: join(dir, 'webhooks.jsonl'),
    onError: () => {},
  });
  const server = await createServer({
    inMemory: true,
    refundDelayMs: options.refundDelayMs ?? 300,
    webhookUrl: backend.webhookUrl,
    webhookRetryScale: 0.01,
  });
  const client = createClient({ dialect: 'convergegate', baseUrl: server.url, secretKey: server.keys.test });
  backend.attach({ client, serverUrl: server.url, docsUrl: server.docsUrl });
  return {
    server,
    backend,
    client,
    dir,
    async close() {
      await server.close();
      await backend.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns a value (not undefined); fails after `timeoutMs`. */
export async function until<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Reads server-sent events from a URL into a list, until closed. */
export function listen(url: string): { events: { event: string; data: unknown }[]; close(): void } {
  const events: { event: string; data: unknown }[] = [];
  const controller = new AbortController();
  void (async () => {
    const response = await fetch(url, { signal: controller.signal });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let at = buffer.indexOf('\n\n');
      while (at !== -1) {
        const block = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
        at = buffer.indexOf('\n\n');
      }
    }
  })().catch(() => {});
  return { events, close: () => controller.abort() };
}
