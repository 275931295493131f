import { describe, expect, it } from 'vitest';
import { failures } from '../src/audit.js';
import { runLoadScenario } from './harness.js';

describe('crash: kill -9 during a sustained refund load on Postgres', () => {
  it('keeps every acknowledged refund exactly once, never over the cap, finishes every refund, delivers every event', async () => {
    const outcome = await runLoadScenario({ name: 'crash', processes: 1, crash: true });
    expect(failures(outcome.audit)).toEqual([]);
    expect(outcome.load.unresolved).toEqual([]);
    // The crash was felt by the clients, and the load went on past it to the cap.
    expect(outcome.load.networkErrors).toBeGreaterThan(0);
    expect(outcome.load.acked.size).toBeGreaterThan(outcome.ackedAtKill!);
    expect(outcome.audit.pending).toBe(0);
    expect(outcome.audit.refunds).toBe(outcome.load.acked.size);
  });
});
