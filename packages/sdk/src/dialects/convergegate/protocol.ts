import { encodeForm } from '../../form.js';
import { errorFields, type WireProtocol } from '../../transport.js';

/** Basic auth with the key as user name and an empty password, as in `curl -u sk_test_…:` (keys are ASCII). */
export const basicAuth = (secretKey: string): string => `Basic ${btoa(`${secretKey}:`)}`;

/**
 * ConvergeGate's wire, which is also Stripe's: Basic auth, form-encoded bodies with brackets, JSON
 * answers, `{ error: { type, code, message, param } }` on failure.
 */
export const convergeGateWire: WireProtocol = {
  authHeaders: (secretKey) => ({ Authorization: basicAuth(secretKey) }),
  encodeBody: (body) => ({ contentType: 'application/x-www-form-urlencoded', body: encodeForm(body) }),
  decodeError: (body) => errorFields((body as { error?: unknown } | null)?.error),
};
