/** The few calls the demo makes to Medusa's HTTP API, with Medusa's own error message on failure. */
export class MedusaApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(message);
  }
}

export interface MedusaApi {
  admin<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T>;
  store<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T>;
}

async function call<T>(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const data = (await response.json().catch(() => null)) as { message?: string } | null;
  if (!response.ok) {
    throw new MedusaApiError(
      `${method} ${new URL(url).pathname} answered ${response.status}: ${data?.message ?? response.statusText}`,
      response.status,
      data,
    );
  }
  return data as T;
}

/** Logs in as the admin (Medusa's email + password provider) and returns both APIs. */
export async function connect(
  baseUrl: string,
  credentials: { email: string; password: string },
  publishableKey: () => string | null,
): Promise<MedusaApi> {
  const { token } = await call<{ token: string }>(`${baseUrl}/auth/user/emailpass`, 'POST', {}, credentials);
  return {
    admin: (method, path, body) => call(baseUrl + path, method, { authorization: `Bearer ${token}` }, body),
    store: (method, path, body) => {
      const key = publishableKey();
      if (!key) throw new Error('The store API needs the publishable key, which is not there yet.');
      return call(baseUrl + path, method, { 'x-publishable-api-key': key }, body);
    },
  };
}
