import { createServer } from '@refundkit/server';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    server: { url: string; keys: { test: string; live: string } };
  }
}

/**
 * One real server for every test file: in-process on loopback, in-memory PGlite, refunds processed
 * at once. Files share it but never each other's objects (each works on its own sessions), and one
 * database instead of one per file keeps the suite light on a shared two-core machine.
 */
export default async function setup(project: TestProject) {
  const server = await createServer({ port: 0, inMemory: true, refundDelayMs: 0 });
  project.provide('server', { url: server.url, keys: server.keys });
  return async () => {
    await server.close();
  };
}
