import type { ChildProcess } from 'node:child_process';

export declare const ROOT: string;
export declare function demoCommand(): string;
export declare function freePort(): Promise<number>;

export interface LaunchedDemo {
  readonly child: ChildProcess;
  /** performance.now() at spawn. */
  readonly startedAt: number;
  output(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  interrupt(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export declare function launchDemo(options?: { env?: Record<string, string> }): LaunchedDemo;
