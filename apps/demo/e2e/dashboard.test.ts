// The demo started as the README says (`npm run demo` from the repository root, on a temporary data
// directory and free ports), driven by real Chromium: a partial refund turns `succeeded` without a
// reload, an over-refund is refused before anything is sent, the seeded failing refund shows as failed
// with its reason, the Storybook link opens the components' Storybook, Ctrl-C stops every process and
// frees the ports, and a second start keeps the data. Screenshots go to the repo's docs/.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type LaunchedDemo, launchDemo, ROOT } from '../scripts/launch.mjs';

const DOCS = join(ROOT, 'docs');
const dataDir = mkdtempSync(join(tmpdir(), 'refundkit-demo-e2e-'));
// A longer pending time than the demo's 1.5 s, so a starved browser on a loaded machine still renders
// the pending state before the webhook moves it on.
const env = {
  RK_DEMO_DATA_DIR: dataDir,
  RK_DEMO_PORT: '0',
  RK_DEMO_SERVER_PORT: '0',
  RK_DEMO_REFUND_DELAY_MS: '3000',
};

let demo: LaunchedDemo | undefined;
let browser: Browser;
let page: Page;
let url: string;
/** The dashboard's and the refund server's ports, as the command printed them. */
let ports: number[];
/** Every refund request the page sent, by the browser's own account. */
const refundPosts: string[] = [];

async function start(): Promise<{ demo: LaunchedDemo; url: string; ports: number[] }> {
  const launched = launchDemo({ env });
  const match = await launched.waitFor(
    /Refundkit demo is ready[\s\S]*?dashboard:\s+(http:\/\/\S+:(\d+))[\s\S]*?refund server:\s+http:\/\/\S+:(\d+)/,
    200_000,
  );
  return { demo: launched, url: match[1]!, ports: [Number(match[2]), Number(match[3])] };
}

/** Whether a port can be listened on again. */
const isFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

/**
 * Ctrl-C, as a terminal sends it (SIGINT to every process of the command). npm waits for the demo and
 * then ends itself by the same signal, so whether the demo stopped cleanly is read from what it printed.
 */
async function stop(launched: LaunchedDemo, used: number[]) {
  const timer = setTimeout(() => void launched.kill(), 60_000);
  await launched.interrupt();
  clearTimeout(timer);
  const output = launched.output();
  return {
    clean:
      output.includes('Stopped. The data is kept for the next start.') && !output.includes('did not stop'),
    orphans: launched.groupAlive(),
    busyPorts: (await Promise.all(used.map(async (port) => ((await isFree(port)) ? [] : [port])))).flat(),
  };
}

const backendStats = async () =>
  ((await (await fetch(`${url}/api/stats`)).json()) as { requests: Record<string, number> }).requests;

const row = (name: string) => page.locator('table.payments tbody tr', { hasText: name });
/** A payment row's figure, with the no-break spaces of the currency format as plain spaces. */
const figure = async (name: string, field: string) =>
  ((await row(name).locator(`[data-field="${field}"]`).textContent()) ?? '').replace(/\s/g, ' ');

beforeAll(async () => {
  ({ demo, url, ports } = await start());
  browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, locale: 'en-US' });
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/refunds') {
      refundPosts.push(request.postData() ?? '');
    }
  });
  await page.goto(url);
});

afterAll(async () => {
  await browser?.close();
  if (demo && demo.child.exitCode === null) await stop(demo, ports);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the demo in a real browser', () => {
  test('shows the seeded payments in five currencies with amount, refunded and refundable', async () => {
    await expect.poll(() => page.locator('table.payments tbody tr').count(), { timeout: 30_000 }).toBe(8);
    await expect.poll(() => figure('James Miller', 'refunded'), { timeout: 30_000 }).toBe('$250.00');
    expect(await figure('James Miller', 'amount')).toBe('$1,250.00');
    expect(await figure('James Miller', 'refundable')).toBe('$1,000.00');
    expect(await figure('Yuki Tanaka', 'refundable')).toBe('¥9,600');
    expect(await figure('Fatima Al-Sabah', 'amount')).toBe('KWD 45.750');
    expect(await figure('Anna Kowalska', 'refunded')).toBe('PLN 100.00');
    expect(await figure('Marie Dubois', 'refundable')).toBe('€200.00');
    // The links of the header: the server's API reference (which answers) and Storybook.
    const docs = await page.getByRole('link', { name: 'API reference' }).getAttribute('href');
    expect(docs).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/docs$/);
    expect((await fetch(docs!)).status).toBe(200);
    expect(await page.getByRole('link', { name: 'Storybook' }).getAttribute('href')).toBe('/storybook/');
  });

  test("the Storybook link opens the components' Storybook (built by the demo when it is missing)", async () => {
    // A fresh clone has none: the demo builds it after it is ready, and the page says so meanwhile.
    await expect
      .poll(async () => (await fetch(`${url}/storybook/`)).status, { timeout: 180_000, interval: 500 })
      .toBe(200);
    const storybook = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    try {
      await storybook.goto(url);
      await storybook.getByRole('link', { name: 'Storybook' }).click();
      await storybook.waitForURL(/\/storybook\//);
      expect(await storybook.title()).toMatch(/Storybook/);
      // A story rendered in Storybook's preview: the real <RefundButton>, from the same sources.
      const preview = storybook.frameLocator('#storybook-preview-iframe');
      await expect
        .poll(() => preview.getByRole('button', { name: /refund/i }).count(), { timeout: 60_000 })
        .toBeGreaterThan(0);
    } finally {
      await storybook.close();
    }
  });

  test('the secret keys the command printed never reach the browser', async () => {
    const keys = [...demo!.output().matchAll(/(sk_(?:test|live)_\S+)/g)].map((m) => m[1]!);
    expect(keys).toHaveLength(2);
    const script = await page.locator('script[src]').first().getAttribute('src');
    for (const path of ['/', script!, '/api/config', '/api/payments', '/api/refunds', '/api/webhooks']) {
      const body = await (await fetch(new URL(path, url))).text();
      for (const key of keys) expect(body.includes(key), path).toBe(false);
    }
  });

  test('the seeded failing refund is shown as failed, with its reason', async () => {
    const failing = page.locator('table.refunds tbody tr', { hasText: 'Lukas Weber' });
    const status = failing.locator('.rk-status');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 30_000 }).toBe('failed');
    expect(await status.textContent()).toContain('sandbox_failure');
    // A failed refund releases its hold: the whole payment is refundable again.
    expect(await figure('Lukas Weber', 'refundable')).toBe('€129.00');
  });

  test('a partial refund turns succeeded without a reload', async () => {
    // A mark on the window: a reload would wipe it.
    await page.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });
    // Every status the new refund's history row shows, in order, recorded by the page itself.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __statuses: string[] }).__statuses = seen;
      new MutationObserver(() => {
        const status = document.querySelector('table.refunds tbody tr[data-new] .rk-status');
        const value = status?.getAttribute('data-status');
        if (value && seen[seen.length - 1] !== value) seen.push(value);
        for (const tr of document.querySelectorAll('table.refunds tbody tr')) {
          if (tr.textContent?.includes('Emily Carter') && !tr.hasAttribute('data-new')) {
            tr.setAttribute('data-new', '');
          }
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    const emily = row('Emily Carter');
    expect(await figure('Emily Carter', 'refundable')).toBe('$89.95');
    await emily.getByRole('button', { name: 'Refund' }).click();
    const dialog = page.getByRole('dialog', { name: 'Refund payment' });
    const amount = dialog.getByLabel('Amount (USD)');
    await amount.fill('10.00');
    await dialog.getByLabel('Note (optional)').fill('Strap frayed');
    await dialog.getByRole('button', { name: 'Review refund' }).click();
    await expect.poll(() => dialog.getByRole('button', { name: 'Refund $10.00' }).count()).toBe(1);
    await page.screenshot({ path: join(DOCS, 'demo-refund-dialog.png') });
    await dialog.getByRole('button', { name: 'Refund $10.00' }).click();
    await expect
      .poll(() => dialog.getByText('Refund of $10.00 created.').count(), { timeout: 30_000 })
      .toBe(1);
    await dialog.getByRole('button', { name: 'Close' }).click();

    const history = page.locator('table.refunds tbody tr', { hasText: 'Emily Carter' });
    await expect.poll(() => history.count(), { timeout: 30_000 }).toBe(1);
    await expect
      .poll(() => history.locator('.rk-status').getAttribute('data-status'), { timeout: 60_000 })
      .toBe('succeeded');
    expect(await page.evaluate(() => (window as unknown as { __statuses: string[] }).__statuses)).toEqual([
      'pending',
      'succeeded',
    ]);
    expect(
      await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
    ).toBe(true);
    await expect.poll(() => figure('Emily Carter', 'refunded')).toBe('$10.00');
    expect(await figure('Emily Carter', 'refundable')).toBe('$79.95');
    expect(refundPosts).toHaveLength(1);
    expect(JSON.parse(refundPosts[0]!)).toMatchObject({ amount: 1000, note: 'Strap frayed' });
    // The webhook log shows the deliveries for it, each with its signature check.
    const refundId = await history.getAttribute('data-refund-id');
    const deliveries = page.locator(`table.webhooks tbody tr`, { hasText: refundId! });
    await expect.poll(() => deliveries.count(), { timeout: 30_000 }).toBe(2);
    expect(await deliveries.first().textContent()).toContain('refund.succeeded');
    expect(await deliveries.first().textContent()).toContain('✓ verified');
    await page.screenshot({ path: join(DOCS, 'demo-dashboard.png'), fullPage: true });
  });

  test('an over-refund is refused in the dialog, before anything is sent', async () => {
    const before = (await backendStats())['POST /api/refunds'] ?? 0;
    const posts = refundPosts.length;
    const yuki = row('Yuki Tanaka');
    await yuki.getByRole('button', { name: 'Refund' }).click();
    const dialog = page.getByRole('dialog', { name: 'Refund payment' });
    const amount = dialog.getByLabel('Amount (JPY)');
    await amount.fill('10000');
    await expect
      .poll(() => dialog.getByText('That is more than the ¥9,600 still refundable.').count())
      .toBe(1);
    expect(await amount.getAttribute('aria-invalid')).toBe('true');
    const review = dialog.getByRole('button', { name: 'Review refund' });
    expect(await review.getAttribute('aria-disabled')).toBe('true');
    await review.click({ force: true });
    await amount.press('Enter');
    // Still on the form: no confirmation step, so no way to send.
    expect(await dialog.getByRole('button', { name: /^Refund ¥/ }).count()).toBe(0);
    await page.screenshot({ path: join(DOCS, 'demo-over-refund.png') });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    // Nothing left the browser, and nothing reached the backend.
    expect(refundPosts).toHaveLength(posts);
    expect((await backendStats())['POST /api/refunds'] ?? 0).toBe(before);
    expect(await figure('Yuki Tanaka', 'refundable')).toBe('¥9,600');
  });

  test('Ctrl-C stops every process and frees the ports; a second start keeps the data without seeding again', async () => {
    const first = demo!;
    expect(await stop(first, ports)).toEqual({ clean: true, orphans: false, busyPorts: [] });

    const again = await start();
    demo = again.demo;
    url = again.url;
    ports = again.ports;
    expect(again.demo.output()).toContain('kept the data of an earlier start (8 seeded payments)');
    await page.goto(url);
    await expect.poll(() => page.locator('table.payments tbody tr').count(), { timeout: 30_000 }).toBe(8);
    // The refund made before the restart is still there, succeeded.
    const history = page.locator('table.refunds tbody tr', { hasText: 'Emily Carter' });
    await expect.poll(() => history.locator('.rk-status').getAttribute('data-status')).toBe('succeeded');
    expect(await figure('Emily Carter', 'refundable')).toBe('$79.95');
    expect(await stop(again.demo, ports)).toEqual({ clean: true, orphans: false, busyPorts: [] });
  });
});
