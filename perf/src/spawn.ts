import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Listening {
  url: string;
  port: number;
  pid: number;
  child: ChildProcess;
  /** Resolves when the process has exited, with its signal or `exit <code>`. */
  exited: Promise<string>;
  /** SIGKILL: no drain, no shutdown hooks; open transactions die with their connections. */
  kill9(): Promise<string>;
  /** SIGTERM (a graceful shutdown), then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<string>;
  /** The tail of stderr, for failure messages. */
  stderr(): string;
}

/**
 * Starts a Node process that prints `listening on http://…` and waits for that line. The process
 * runs in a scratch directory (removed on exit), so nothing is written into the repository.
 */
export async function spawnListening(
  args: string[],
  {
    env = process.env,
    cwd,
    timeoutMs = 180_000,
  }: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<Listening> {
  const scratch = mkdtempSync(join(tmpdir(), 'rk-perf-'));
  const child = spawn(process.execPath, args, {
    cwd: cwd ?? scratch,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    if (stdout.length < 10_000) stdout += chunk;
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      rmSync(scratch, { recursive: true, force: true });
      resolve(signal ?? `exit ${code}`);
    });
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not start within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    const onData = () => {
      const match = /listening on (http:\/\/[^\s]+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited (${how}) before listening\n${stderr}`));
    });
  });
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    return exited;
  };
  return {
    url,
    port: Number(new URL(url).port),
    pid: child.pid!,
    child,
    exited,
    kill9: () => signal('SIGKILL'),
    async stop(graceMs = 30_000) {
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await signal('SIGTERM');
      } finally {
        clearTimeout(timer);
      }
    },
    stderr: () => stderr,
  };
}
