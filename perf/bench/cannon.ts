import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  connections: number;
  durationS: number;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Wait for the server to finish abandoned requests before returning (not for the node:http ceiling). */
  drain?: boolean;
  /** Called for every request: its path and (for POST) its body. */
  next: () => { path: string; body?: string };
}

export interface LoadResult {
  /** 2xx answers per second over the run. */
  rps: number;
  /** Latency in milliseconds (autocannon's histogram). */
  p50: number;
  p99: number;
  /** The slowest answer: a request that waited behind a backlog shows here. */
  max: number;
  mean: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationS: number;
  connections: number;
}

/**
 * Waits until the server has worked through what a run left queued: autocannon stops sending at the
 * deadline, but the requests it abandoned are still being served (on PGlite, one at a time). A
 * health check that touches the database answers only after them, so the next run starts clean.
 */
export async function drain(url: string): Promise<void> {
  for (let attempt = 0; attempt < 60; attempt++) {
    try {
      const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(60_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Still busy or restarting: ask again.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not drain`);
}

/** One autocannon run (the library, in this process; the server under test is another process). */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationS,
    timeout: 30,
    requests: [
      {
        method: options.method,
        headers: options.headers ?? {},
        setupRequest(request) {
          const next = options.next();
          request.path = next.path;
          if (next.body !== undefined) request.body = next.body;
          return request;
        },
      },
    ],
  });
  if (options.drain) await drain(options.url);
  const ok = result['2xx'];
  return {
    rps: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    mean: result.latency.mean,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationS: result.duration,
    connections: options.connections,
  };
}
