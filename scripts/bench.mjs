// `pnpm bench` (after `turbo run build`): runs the benchmark suite in perf/ (perf/bench/run.ts) and
// passes its exit code on. Every figure with its baseline from the same run lands in
// perf/results/bench.json and bench.md, and the table in the README's Performance section.
// BENCH_QUICK=1 for a smoke test in seconds; the other knobs are described in perf/README.md.
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const perf = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'perf');
const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts'], { cwd: perf, stdio: 'inherit' });
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
