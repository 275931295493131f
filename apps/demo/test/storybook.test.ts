// The demo's own Storybook build, for real: a fresh clone has none, and the demo's Storybook link must
// not be dead. Builds into temporary directories, never the demo's dist/.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { storybookInputs, storybookIsCurrent, storybookSite } from '../src/storybook.js';
import { until } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'refundkit-demo-storybook-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Processes whose parent is this one and whose command line names Storybook (Linux /proc). */
function storybookChildren(): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (ppid === process.pid && cmd.includes('storybook')) found.push(Number(entry));
    } catch {}
  }
  return found;
}

describe('the Storybook the demo builds', () => {
  test(
    'a missing build is made, stamped with its inputs, and a later start uses it as it is',
    { timeout: 300_000 },
    async () => {
      const dir = join(root, 'built');
      const site = storybookSite(dir);
      expect(site.state).toBe('idle');
      const building = site.build();
      expect(site.state).toBe('building');
      await building;
      expect(site.error).toBeNull();
      expect(site.state).toBe('ready');
      expect(site.built).toBe(true);
      expect(readFileSync(join(dir, '.inputs'), 'utf8').trim()).toBe(storybookInputs());
      const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { entries: object };
      expect(Object.keys(index.entries)).toEqual(
        expect.arrayContaining(['components-refundbutton--idle', 'components-refundstatus--failed']),
      );
      // Nothing left beside it: the temporary build directory replaced the old one.
      expect(readdirSync(dirname(dir)).filter((name) => name.startsWith('built'))).toEqual(['built']);
      expect(storybookChildren()).toEqual([]);

      const later = storybookSite(dir);
      expect(later.state).toBe('ready');
      await later.build();
      expect(later.built).toBe(false);
      expect(storybookIsCurrent(dir)).toBe(true);
    },
  );

  test(
    'a build stopped half-way leaves no process, no partial directory, and nothing served',
    { timeout: 120_000 },
    async () => {
      const dir = join(root, 'stopped');
      const site = storybookSite(dir);
      void site.build();
      await until(() => (storybookChildren().length > 0 ? true : undefined));
      await site.cancel();
      expect(storybookChildren()).toEqual([]);
      expect(site.state).toBe('idle');
      expect(existsSync(dir)).toBe(false);
      expect(readdirSync(root).filter((name) => name.startsWith('stopped'))).toEqual([]);
    },
  );
});
