/** Minimal HTTP helpers on the global fetch, for setup, load and audits (not the SDK under test). */

// biome-ignore lint/suspicious/noExplicitAny: responses are read loosely and checked by the caller.
export type Json = any;

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  body: Json;
}

export interface RequestOptions {
  json?: unknown;
  form?: string;
  /** A raw body (with `contentType`), for encodings JSON and forms cannot express. */
  raw?: Uint8Array<ArrayBuffer> | string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Overrides the API's key; `null` sends no Authorization header. */
  key?: string | null;
  signal?: AbortSignal;
}

export interface Api {
  /** Mutable: a restarted server may come back on another URL. */
  url: string;
  key: string;
  request(method: string, path: string, options?: RequestOptions): Promise<ApiResponse>;
}

export const basicAuth = (key: string): string => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

export function api(url: string, key: string): Api {
  const self: Api = {
    url,
    key,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      const key = options.key === undefined ? self.key : options.key;
      if (key !== null && headers['authorization'] === undefined) headers['authorization'] = basicAuth(key);
      let body: string | Uint8Array<ArrayBuffer> | undefined;
      if (options.json !== undefined) {
        body = JSON.stringify(options.json);
        headers['content-type'] ??= 'application/json';
      } else if (options.form !== undefined) {
        body = options.form;
        headers['content-type'] ??= 'application/x-www-form-urlencoded';
      } else if (options.raw !== undefined) {
        body = options.raw;
        if (options.contentType) headers['content-type'] = options.contentType;
      }
      const response = await fetch(`${self.url}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const text = await response.text();
      let parsed: Json;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      return { status: response.status, headers: response.headers, text, body: parsed };
    },
  };
  return self;
}

/** Runs `work` over `items` with at most `concurrency` in flight; results in input order. */
export async function pool<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  });
  await Promise.all(runners);
  return results;
}

/** Polls `check` until it returns a value other than undefined (conditions, never fixed sleeps). */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  { timeoutMs = 120_000, intervalMs = 100 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
