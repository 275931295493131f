import { encodeForm, type FormValue } from '../../form.js';
import type { WireError, WireProtocol } from '../../transport.js';

/** Basic auth with the key as user name and an empty password, as in `curl -u sk_test_…:` (keys are ASCII). */
export const basicAuth = (secretKey: string): string => `Basic ${btoa(`${secretKey}:`)}`;

/** ConvergeGate's wire: form-encoded bodies with brackets, JSON answers, `{ error: {…} }` on failure. */
export const convergeGateWire: WireProtocol = {
  authHeaders: (secretKey) => ({ Authorization: basicAuth(secretKey) }),
  encodeBody: (body: Readonly<Record<string, FormValue>>) => ({
    contentType: 'application/x-www-form-urlencoded',
    body: encodeForm(body),
  }),
  decodeError(body: unknown): WireError | null {
    if (typeof body !== 'object' || body === null) return null;
    const error = (body as { error?: unknown }).error;
    if (typeof error !== 'object' || error === null) return null;
    const field = (name: string): string | null => {
      const value = (error as Record<string, unknown>)[name];
      return typeof value === 'string' ? value : null;
    };
    return { type: field('type'), code: field('code'), message: field('message'), param: field('param') };
  },
};
