import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnCli } from './helpers.js';

const run = (args: string[]) =>
  spawnSync(process.execPath, ['--conditions=@refundkit/source', '--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: new URL('..', import.meta.url),
    encoding: 'utf8',
    timeout: 180_000,
  });

describe('refundkit-server CLI', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'refundkit-cli-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints help and the version', () => {
    const help = run(['--help']);
    expect(help.status).toBe(0);
    for (const flag of [
      '--port',
      '--data',
      '--webhook-url',
      '--refund-delay-ms',
      '--test-key',
      '--live-key',
      '--stripe-port',
      '--checkout-port',
      '--database-url',
      '--in-memory',
      '--webhook-retry-scale',
      '--no-workers',
    ]) {
      expect(help.stdout).toContain(flag);
    }
    expect(run(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  }, 400_000);

  it('refuses unknown flags and bad values with exit code 1', () => {
    const unknown = run(['--colour']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('refundkit-server:');
    const bad = run(['--refund-delay-ms=soon', '--in-memory']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--refund-delay-ms');
    const key = run(['--test-key=pk_test_x', '--in-memory']);
    expect(key.status).toBe(1);
    expect(key.stderr).toContain('sk_test_');
  }, 400_000);

  it('generates keys on first start, keeps them, serves, and shuts down cleanly on SIGTERM', async () => {
    const first = await spawnCli([`--data=${dataDir}`, '--port=0']);
    const printed = first.output();
    const test = /test key: (sk_test_\S+) \(generated now\)/.exec(printed)?.[1];
    const live = /live key: (sk_live_\S+)/.exec(printed)?.[1];
    expect(test).toBeDefined();
    expect(live).toBeDefined();
    expect(printed).toContain(`docs:     ${first.url}/docs`);
    expect(statSync(join(dataDir, 'keys.json')).mode & 0o777).toBe(0o600);
    const health = await fetch(`${first.url}/readyz`);
    expect(health.status).toBe(200);
    const authed = await fetch(`${first.url}/v1/refunds`, { headers: { authorization: `Bearer ${test}` } });
    expect(authed.status).toBe(200);
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(first.output()).toContain('SIGTERM: draining');
    // Structured request logs (pino) by default.
    expect(first.output()).toMatch(/"msg":"request completed"/);

    const second = await spawnCli([`--data=${dataDir}`, '--port=0', '--quiet'], { RK_REFUND_DELAY_MS: '0' });
    expect(second.output()).toContain(`test key: ${test}\n`);
    expect(second.output()).not.toContain('generated now');
    const again = await fetch(`${second.url}/v1/refunds`, { headers: { authorization: `Bearer ${live}` } });
    expect(again.status).toBe(200);
    expect(await second.stop('SIGINT')).toBe(0);
  }, 400_000);

  it('takes the keys from RK_TEST_KEY / RK_LIVE_KEY, and --test-key over the environment', async () => {
    const cli = await spawnCli(
      ['--in-memory', '--port=0', '--quiet', '--test-key=sk_test_from_the_flag_000'],
      {
        RK_TEST_KEY: 'sk_test_from_the_env_0000',
        RK_LIVE_KEY: 'sk_live_from_the_env_0000',
      },
    );
    try {
      expect(cli.output()).toContain('test key: sk_test_from_the_flag_000\n');
      expect(cli.output()).toContain('live key: sk_live_from_the_env_0000\n');
      expect(cli.output()).not.toContain('generated now');
      for (const [key, expected] of [
        ['sk_test_from_the_flag_000', 200],
        ['sk_live_from_the_env_0000', 200],
        ['sk_test_from_the_env_0000', 401],
      ] as const) {
        const answer = await fetch(`${cli.url}/v1/refunds`, { headers: { authorization: `Bearer ${key}` } });
        expect(answer.status, key).toBe(expected);
      }
    } finally {
      expect(await cli.stop('SIGTERM')).toBe(0);
    }
  }, 400_000);
});
