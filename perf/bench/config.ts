/** Every knob of `pnpm bench`, from the environment. `BENCH_QUICK=1` is a smoke test (seconds). */
export interface BenchConfig {
  quick: boolean;
  /** Concurrent connections for create and retrieve (and pgbench clients). */
  connections: number;
  createSeconds: number;
  retrieveSeconds: number;
  warmupSeconds: number;
  /** Completed sessions the create benchmark spreads its refunds over. */
  sessions: number;
  contentionRefunds: number;
  contentionProcesses: number[];
  growthSizes: number[];
  growthSeconds: number;
  growthConnections: number;
  /** Requests per client (SDK and raw fetch each) in the SDK overhead figure. */
  sdkRequests: number;
  sdkConcurrency: number;
  coreSeconds: number;
  /** Only these sections (comma list), for development. Empty: all. */
  only: string[];
}

const num = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
};
const list = (name: string, fallback: number[]): number[] =>
  process.env[name] ? process.env[name]!.split(',').map((v) => Number(v.trim())) : fallback;

export function benchConfig(): BenchConfig {
  const quick = process.env['BENCH_QUICK'] === '1';
  return {
    quick,
    connections: num('BENCH_CONNECTIONS', 64),
    createSeconds: num('BENCH_CREATE_S', quick ? 2 : 10),
    retrieveSeconds: num('BENCH_RETRIEVE_S', quick ? 2 : 5),
    warmupSeconds: num('BENCH_WARMUP_S', quick ? 1 : 2),
    sessions: num('BENCH_SESSIONS', quick ? 100 : 600),
    contentionRefunds: num('BENCH_CONTENTION_REFUNDS', 500),
    contentionProcesses: list('BENCH_CONTENTION_PROCESSES', [1, 2, 4]),
    growthSizes: list('BENCH_GROWTH', quick ? [1_000, 10_000, 20_000] : [10_000, 100_000, 1_000_000]),
    growthSeconds: num('BENCH_GROWTH_S', quick ? 1 : 3),
    growthConnections: num('BENCH_GROWTH_CONNECTIONS', 8),
    sdkRequests: num('BENCH_SDK_REQUESTS', quick ? 200 : 1_500),
    sdkConcurrency: num('BENCH_SDK_CONCURRENCY', 8),
    coreSeconds: num('BENCH_CORE_S', quick ? 0.5 : 2),
    only: (process.env['BENCH_ONLY'] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  };
}
