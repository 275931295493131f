import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { spawnCli, TEST_KEY } from './helpers.js';

describe('refundkit-server --stripe-port --checkout-port', () => {
  it('serves each dialect at the root of its own port, and prints where', async () => {
    const cli = await spawnCli([
      '--in-memory',
      '--port=0',
      '--stripe-port=0',
      '--checkout-port=0',
      `--test-key=${TEST_KEY}`,
    ]);
    try {
      // The banner is one write; wait until all of it has arrived.
      const banner = /stripe: +(http:\/\/\S+)\/v1[\s\S]*checkout: +(http:\/\/\S+)\/api/;
      while (!banner.test(cli.output())) await delay(50);
      const found = banner.exec(cli.output()) as RegExpExecArray;
      const [, stripeUrl, checkoutUrl] = found;
      const auth = { authorization: `Bearer ${TEST_KEY}` };
      const list = await fetch(`${stripeUrl}/v1/refunds`, { headers: auth });
      expect(await list.json()).toMatchObject({ object: 'list', data: [], url: '/v1/refunds' });
      const forbidden = await fetch(`${checkoutUrl}/api/checkouts/ch_x`);
      expect(forbidden.status).toBe(403);
      const missing = await fetch(`${checkoutUrl}/api/checkouts/ch_x`, { headers: auth });
      expect(missing.status).toBe(404);
    } finally {
      expect(await cli.stop('SIGTERM')).toBe(0);
    }
  }, 400_000);
});
