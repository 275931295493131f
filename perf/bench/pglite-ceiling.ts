import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { BenchConfig } from './config.js';

export interface LoopResult {
  tps: number;
  p50: number;
  p99: number;
  max: number;
  transactions: number;
  /** CPU (user + system) of the loop's process per transaction, ms. */
  cpuMs: number;
}

/**
 * The embedded database ceiling (`bench/pglite-loop.ts`) on a data directory no server holds: the
 * refund transaction in a loop in one process, for as long as the create figure runs.
 */
export async function pgliteLoop(
  config: BenchConfig,
  dataDir: string,
  payments: number,
): Promise<LoopResult> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', resolve(import.meta.dirname, 'pglite-loop.ts')],
    {
      cwd: resolve(import.meta.dirname, '..'),
      env: {
        ...process.env,
        RK_DATA_DIR: dataDir,
        BENCH_LOOP_S: String(config.createSeconds),
        BENCH_LOOP_WARMUP_S: String(config.warmupSeconds),
        BENCH_LOOP_PAYMENTS: String(payments),
      },
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as LoopResult;
}
