// Real Chromium against the built Storybook (storybook-static, made by `pnpm build:storybook`), served
// on loopback: every story renders and passes its play function with zero axe violations, the refund
// flow works by keyboard alone, a double click sends one refund, and the main stories are photographed
// into docs/ for the README.
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const site = join(root, 'storybook-static');
const docs = join(root, 'docs');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

// Stories photographed for the README, by story id.
const SHOTS: Record<string, string> = {
  'components-refundbutton--idle': 'button-idle',
  'components-refundbutton--open': 'dialog-open',
  'components-refundbutton--over-the-cap': 'dialog-over-the-cap',
  'components-refundbutton--partial': 'dialog-confirm-partial',
  'components-refundbutton--server-error': 'dialog-server-error',
  'components-refundbutton--refused-refunded-meanwhile': 'dialog-refused-meanwhile',
  'components-refundbutton--succeeded': 'dialog-succeeded',
  'components-refundbutton--nothing-left-to-refund': 'button-nothing-left',
  'components-refundbutton--checkout-full-only': 'dialog-checkout-full-only',
  'components-refundbutton--zero-decimal-jpy': 'dialog-confirm-jpy',
  'components-refundbutton--dark': 'dialog-dark',
  'components-refundstatus--all-statuses': 'status-all',
  'components-refundstatus--all-statuses-dark': 'status-all-dark',
};

let server: Server;
let browser: Browser;
let base: string;
let stories: string[];

beforeAll(async () => {
  if (!existsSync(join(site, 'index.json')))
    throw new Error('storybook-static is missing: run pnpm build:storybook');
  const index = JSON.parse(readFileSync(join(site, 'index.json'), 'utf8')) as {
    entries: Record<string, { id: string; type: string }>;
  };
  stories = Object.values(index.entries)
    .filter((entry) => entry.type === 'story')
    .map((entry) => entry.id);
  server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    const file = join(site, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(site) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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
  mkdirSync(docs, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  server?.close();
});

async function openStory(id: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 720, height: 520 }, reducedMotion: 'reduce' });
  await page.goto(`${base}/iframe.html?id=${id}&viewMode=story`);
  // Storybook's own render loop: done once the play function (if any) and afterEach have run.
  await page.waitForFunction(
    (storyId) => {
      const preview = (
        window as unknown as { __STORYBOOK_PREVIEW__?: { storyRenders?: { id: string; phase?: string }[] } }
      ).__STORYBOOK_PREVIEW__;
      return preview?.storyRenders?.some((r) => r.id === storyId && r.phase === 'finished');
    },
    id,
    { timeout: 45_000 },
  );
  const failed = await page.evaluate(() => document.body.classList.contains('sb-show-errordisplay'));
  if (failed) {
    const text = await page.locator('#error-message').innerText();
    throw new Error(`story ${id} failed: ${text}`);
  }
  return page;
}

interface AxeResult {
  violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
  passes: unknown[];
}

async function axe(page: Page): Promise<AxeResult['violations']> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const run = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<AxeResult> } })
      .axe.run;
    const result = await run('#storybook-root', {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      resultTypes: ['violations'],
    });
    // A run that checked nothing would pass vacuously.
    if (result.passes.length === 0) throw new Error('axe checked no rule');
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
}

describe('built Storybook in Chromium', () => {
  test('every story renders, passes its play function and has zero axe violations', async () => {
    expect(stories.length).toBeGreaterThanOrEqual(20);
    const problems: string[] = [];
    for (const id of stories) {
      const page = await openStory(id);
      try {
        for (const v of await axe(page)) {
          problems.push(
            `${id}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
          );
        }
        const shot = SHOTS[id];
        if (shot) {
          await page.screenshot({ path: join(docs, `${shot}.png`), animations: 'disabled', caret: 'hide' });
        }
      } finally {
        await page.close();
      }
    }
    expect(problems).toEqual([]);
    expect(Object.keys(SHOTS).filter((id) => !stories.includes(id))).toEqual([]);
  }, 600_000);

  test('keyboard only: open, amount, note, review, confirm, close; focus never leaves the dialog', async () => {
    const page = await openStory('components-refundbutton--idle');
    try {
      const active = () =>
        page.evaluate(() => {
          const el = document.activeElement;
          return {
            inDialog: !!el?.closest('dialog[open]'),
            label: el?.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : el?.textContent,
            tag: el?.tagName,
          };
        });
      await page.keyboard.press('Tab');
      expect(await active()).toMatchObject({ tag: 'BUTTON', label: 'Refund' });
      await page.keyboard.press('Enter');
      await page.getByRole('dialog', { name: 'Refund payment' }).waitFor();
      expect(await active()).toMatchObject({ inDialog: true, label: 'Amount (USD)' });
      // Focus is trapped: Tab and Shift+Tab cycle the dialog's five controls and never leave it.
      const seen = new Set<string>();
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press(i < 6 ? 'Tab' : 'Shift+Tab');
        const now = await active();
        expect(now).toMatchObject({ inDialog: true });
        seen.add(`${now.tag}:${now.label}`);
      }
      expect(seen.size).toBe(5);
      await page.getByLabel('Amount (USD)').focus();
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type('25.5');
      await page.keyboard.press('Tab');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Returned one item');
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Enter');
      await page.getByText('Refund $25.50 of $98.99').waitFor();
      expect(await active()).toMatchObject({ inDialog: true, label: 'Refund $25.50' });
      await page.keyboard.press('Enter');
      await page.getByText('Refund of $25.50 created.').waitFor();
      expect(await active()).toMatchObject({ inDialog: true, label: 'Close' });
      const sent = await page.evaluate(
        () => (globalThis as unknown as { __refundkitCalls: { create: unknown[] } }).__refundkitCalls.create,
      );
      expect(sent).toEqual([
        expect.objectContaining({ amount: 2550, reason: 'duplicate', note: 'Returned one item' }),
      ]);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      expect(await active()).toMatchObject({ tag: 'BUTTON', label: 'Refund' });
      await page.keyboard.press('Enter');
      await page.getByRole('dialog', { name: 'Refund payment' }).waitFor();
      expect(await page.getByLabel('Amount (USD)').inputValue()).toBe('73.49');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
    } finally {
      await page.close();
    }
  }, 120_000);

  test('the dark theme really is dark: the dialog and its text take the dark variables', async () => {
    const colours = async (id: string) => {
      const page = await openStory(id);
      try {
        return await page.evaluate(() => {
          const dialog = document.querySelector('dialog[open]')!;
          const style = getComputedStyle(dialog);
          return { bg: style.backgroundColor, fg: style.color };
        });
      } finally {
        await page.close();
      }
    };
    expect(await colours('components-refundbutton--open')).toEqual({
      bg: 'rgb(255, 255, 255)',
      fg: 'rgb(26, 29, 35)',
    });
    expect(await colours('components-refundbutton--dark')).toEqual({
      bg: 'rgb(27, 30, 37)',
      fg: 'rgb(236, 238, 242)',
    });
  }, 120_000);

  test('each status has a colour of its own and an icon, in both themes', async () => {
    for (const id of [
      'components-refundstatus--all-statuses',
      'components-refundstatus--all-statuses-dark',
    ]) {
      const page = await openStory(id);
      try {
        const badges = await page.evaluate(() =>
          [...document.querySelectorAll<HTMLElement>('.rk-status')].map((badge) => ({
            status: badge.dataset['status'],
            colour: getComputedStyle(badge).color,
            background: getComputedStyle(badge).backgroundColor,
            icon: badge.querySelector('svg path')?.getAttribute('d'),
          })),
        );
        expect(badges.map((b) => b.status)).toEqual([
          'pending',
          'requires_action',
          'succeeded',
          'failed',
          'canceled',
        ]);
        expect(new Set(badges.map((b) => `${b.colour} on ${b.background}`)).size).toBe(5);
        expect(new Set(badges.map((b) => b.icon)).size).toBe(5);
      } finally {
        await page.close();
      }
    }
  }, 120_000);

  test('a double click on confirm sends exactly one refund', async () => {
    const page = await openStory('components-refundbutton--idle');
    try {
      await page.getByRole('button', { name: 'Refund' }).click();
      await page.getByRole('button', { name: 'Review refund' }).click();
      await page.getByRole('button', { name: 'Refund $98.99' }).dblclick();
      await page.getByText('Refund of $98.99 created.').waitFor();
      expect(await sentCount(page)).toBe(1);
    } finally {
      await page.close();
    }
  }, 120_000);

  test('three clicks in one task, before React can re-render, send exactly one refund', async () => {
    const page = await openStory('components-refundbutton--partial');
    try {
      await page.getByRole('button', { name: 'Refund $20.00' }).waitFor();
      await page.evaluate(() => {
        const button = document.querySelector<HTMLButtonElement>('.rk-confirm .rk-primary')!;
        button.click();
        button.click();
        button.click();
      });
      await page.getByText('Refund of $20.00 created.').waitFor();
      expect(await sentCount(page)).toBe(1);
    } finally {
      await page.close();
    }
  }, 120_000);
});

const sentCount = (page: Page) =>
  page.evaluate(
    () =>
      (globalThis as unknown as { __refundkitCalls: { create: unknown[] } }).__refundkitCalls.create.length,
  );
