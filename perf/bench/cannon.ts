import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  connections: number;
  durationS: number;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Called for every request: its path and (for POST) its body. */
  next: () => { path: string; body?: string };
}

export interface LoadResult {
  /** 2xx answers per second over the run. */
  rps: number;
  /** Latency in milliseconds (autocannon's histogram). */
  p50: number;
  p99: number;
  mean: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationS: number;
  connections: number;
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
  const ok = result['2xx'];
  return {
    rps: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.mean,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationS: result.duration,
    connections: options.connections,
  };
}
