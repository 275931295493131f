import type fc from 'fast-check';
import type { Api, ApiResponse } from './http.js';

/**
 * What the suites need to know about a dialect: its endpoints (the bad-input and auth scenarios walk
 * every one of them), how it answers errors, and how to make a paid payment and a refund in it (the
 * load scenarios). A dialect joins by adding an entry to `DIALECTS`.
 */
export interface Endpoint {
  name: string;
  method: 'GET' | 'POST' | 'DELETE';
  /** `:payment`, `:refund` and `:<name>` are replaced by the fixture's ids. */
  path: string;
  /** A valid body for this endpoint given the fixture objects (the fuzzer breaks it). */
  body?: (fixture: Fixture) => Record<string, unknown>;
  /** A valid query string (without `?`). */
  query?: (fixture: Fixture) => Record<string, string>;
  /** Body or query fields without which the request is invalid. */
  required?: string[];
  /** The JSON type of fields that are not strings or integers (their wrong types differ). */
  kinds?: Record<string, 'boolean' | 'array' | 'object'>;
  /** Per field, values this endpoint must refuse beyond its type (replacing the shared ones). */
  breaks?: Record<string, fc.Arbitrary<unknown>>;
  /** Whether a success would change state (rejections of these must leave the database unchanged). */
  writes: boolean;
  /** A customer-facing page: no API key, answers in HTML (so not in the auth scenario, no typed errors). */
  public?: boolean;
}

export interface Fixture {
  paymentId: string;
  refundId: string;
  /** More objects the paths name (`:charge`, `:customer`, `:endpoint`), by placeholder. */
  ids?: Record<string, string>;
}

export type DialectName = 'convergegate' | 'stripe' | 'checkout';

export interface Surface {
  dialect: DialectName;
  endpoints: Endpoint[];
  /** What a missing or wrong key gets: 401, or Checkout's 403. */
  authStatus: number;
  /** The stable `code` when `body` is this dialect's error object (and nothing else), else undefined. */
  errorCode(body: unknown): string | undefined;
  /**
   * The objects every endpoint of the scenarios names, in the key's mode: a paid payment with a
   * refund of 100 (left to finish), and what else the paths need. A webhook endpoint, where the
   * dialect registers them, goes to `webhookUrl` for every event, or (without it) subscribes to an
   * event the scenarios never cause, so nothing is delivered.
   */
  fixture(api: Api, options?: { webhookUrl?: string }): Promise<Fixture>;
  /** A completed payment of `amount` minor units (the key decides test or live mode). */
  paidPayment(api: Api, amount: number, options?: { notificationUrl?: string }): Promise<string>;
  /** A refund request; `idempotencyKey` and `metadata` are sent as given. */
  createRefund(
    api: Api,
    input: { paymentId: string; amount?: number; metadata?: Record<string, string>; idempotencyKey?: string },
  ): Promise<ApiResponse>;
  retrieveRefund(api: Api, id: string): Promise<ApiResponse>;
  retrievePayment(api: Api, id: string): Promise<ApiResponse>;
  /** The refunded total as the dialect reports it on the payment. */
  amountRefunded(payment: ApiResponse['body']): number;
  /** This key's refunds as a list endpoint shows them (each with `livemode`). */
  ownRefunds(api: Api, fixture: Fixture): Promise<{ livemode: boolean }[]>;
}

/** `{ error: { type, code, message, … } }`, the shape of ConvergeGate and Stripe errors. */
export function nestedErrorCode(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Object.keys(body).join() !== 'error') return undefined;
  const error = (body as { error: { type?: unknown; code?: unknown; message?: unknown } }).error;
  return typeof error?.type === 'string' &&
    typeof error.message === 'string' &&
    typeof error.code === 'string'
    ? error.code
    : undefined;
}

/** Every id a fixture holds, by path placeholder. */
export const fixtureIds = (fixture: Fixture): Record<string, string> => ({
  payment: fixture.paymentId,
  refund: fixture.refundId,
  ...fixture.ids,
});

/** The path with its placeholders replaced: by `ids` where given (raw), else by the fixture's ids. */
export const fillPath = (path: string, fixture: Fixture, ids: Record<string, string> = {}): string =>
  path.replace(/:([a-z]+)/g, (_, name: string) => {
    if (ids[name] !== undefined) return ids[name];
    const id = fixtureIds(fixture)[name];
    if (id === undefined) throw new Error(`no fixture id for :${name} in ${path}`);
    return encodeURIComponent(id);
  });
