import type { ChildProcess } from 'node:child_process';

export declare const ROOT: string;
export declare const README_COMMAND: readonly string[];
export declare function terminalEnv(env?: NodeJS.ProcessEnv): Record<string, string>;
export declare function livingInGroup(pgid: number): number[];
export declare function freePort(): Promise<number>;

export interface LaunchedDemo {
  readonly child: ChildProcess;
  /** performance.now() at spawn. */
  readonly startedAt: number;
  output(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  groupAlive(): boolean;
  interrupt(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export declare function launchDemo(options?: { env?: Record<string, string> }): LaunchedDemo;
