import { describe, expect, it } from 'vitest';
import { failures } from '../src/audit.js';
import { runLoadScenario } from './harness.js';

describe.each([2, 4])('%i server processes on one Postgres under a sustained refund load', (processes) => {
  it('keeps every acknowledged refund exactly once, never over the cap, processes each refund once, delivers every event', async () => {
    const outcome = await runLoadScenario({ name: `procs${processes}`, processes, crash: false });
    expect(failures(outcome.audit)).toEqual([]);
    expect(outcome.load.unresolved).toEqual([]);
    expect(outcome.audit.refunds).toBe(outcome.load.acked.size);
    expect(outcome.load.acked.size).toBeGreaterThan(0);
  });
});
