// Starts the Medusa demo as the README says (`npm run demo:medusa` from the repository root), in a
// process group of its own so that an interrupt reaches all of it, as Ctrl-C in a terminal does.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const README_COMMAND = ['npm', 'run', 'demo:medusa'];

/**
 * A new terminal's environment: what npm or pnpm set for the script running this is left out, and so
 * is DATABASE_URL, which a test passes when it means Postgres.
 */
function terminalEnv(): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (
      !/^(npm_|pnpm_|INIT_CWD$|PNPM_|TURBO_|VITEST|NODE_ENV$|DATABASE_URL$)/i.test(name) &&
      value !== undefined
    )
      out[name] = value;
  }
  return out;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface Launched {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  /** SIGINT to the whole group (Ctrl-C), then the exit. */
  interrupt(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  groupAlive(): boolean;
  kill(): void;
}

/** `npm run demo:medusa`, with `flags` after `--` as the README shows. */
export function launch(env: Record<string, string>, flags: string[] = []): Launched {
  const [command, ...args] = README_COMMAND as [string, ...string[]];
  const child = spawn(command, [...args, ...(flags.length ? ['--', ...flags] : [])], {
    cwd: ROOT,
    env: { ...terminalEnv(), FORCE_COLOR: '0', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const group = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // Gone already.
    }
  };
  return {
    child,
    output: () => output,
    exited,
    async waitFor(pattern, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(output);
        if (match) return match;
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(`the demo exited before printing ${pattern}:\n${output}`);
        }
        if (Date.now() > deadline) throw new Error(`no ${pattern} after ${timeoutMs} ms:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    interrupt() {
      group('SIGINT');
      return exited;
    },
    groupAlive() {
      if (!child.pid) return false;
      try {
        const rows = execFileSync('ps', ['-eo', 'pgid='], { encoding: 'utf8' }).split('\n');
        return rows.some((row) => row.trim() === String(child.pid));
      } catch {
        return false;
      }
    },
    kill() {
      group('SIGKILL');
    },
  };
}
