import { MedusaError } from '@medusajs/framework/utils';
import { isRefundReason, type RefundReason } from '@refundkit/core';

/** What a store puts in medusa-config, for the provider and the plugin's module alike. */
export interface RefundkitOptions {
  /** ConvergeGate secret key (`sk_test_…` / `sk_live_…`). */
  apiKey: string;
  /** The gateway's base URL, e.g. `https://pay.example.com` (no trailing `/v1`). */
  baseUrl: string;
  /** Key the webhook signatures are made with. Default: `apiKey` (ConvergeGate signs with the secret key). */
  webhookSecret?: string | undefined;
  /** Sent as each session's `notification_url`: the store's `…/hooks/payment/refundkit_<id>`. */
  notificationUrl?: string | undefined;
  /** Where ConvergeGate sends the customer after paying (a session may override it with `success_url`). */
  successUrl: string;
  cancelUrl?: string | undefined;
  /** Per-attempt timeout of a gateway call. Default 15 000 ms. */
  timeoutMs?: number | undefined;
  /** Retries of a failed call (same idempotency key). Default 2. */
  maxRetries?: number | undefined;
  /** Medusa refund reason code -> canonical reason. Merged over the defaults. */
  reasons?: Record<string, string> | undefined;
  /** Reason sent when a refund has no reason, or one missing from `reasons`. Default: none. */
  defaultReason?: string | null | undefined;
  /**
   * A completed BLIK session has taken the money. By default it is reported to Medusa as
   * `authorized` so the store captures it as usual; `true` reports it as `captured` at once.
   */
  autoCapture?: boolean | undefined;
  /**
   * Bounds of the scheduled poll (`refundkit-sync-open-refunds`, every minute), which runs the SDK's
   * `reconcile`. Defaults: 100 per page, 4 gateway calls at once, 45 000 ms per run.
   */
  reconcile?:
    | { pageSize?: number | undefined; concurrency?: number | undefined; budgetMs?: number | undefined }
    | undefined;
}

export interface ReconcileBounds {
  pageSize: number;
  concurrency: number;
  budgetMs: number;
}

export interface ResolvedOptions {
  apiKey: string;
  baseUrl: string;
  webhookSecret: string;
  notificationUrl: string | undefined;
  successUrl: string;
  cancelUrl: string | undefined;
  timeoutMs: number;
  maxRetries: number;
  reasons: Readonly<Record<string, RefundReason>>;
  defaultReason: RefundReason | null;
  autoCapture: boolean;
  reconcile: ReconcileBounds;
}

/** Under the job's one-minute schedule, so a run ends before the next one starts. */
export const RECONCILE_BOUNDS: Readonly<ReconcileBounds> = {
  pageSize: 100,
  concurrency: 4,
  budgetMs: 45_000,
};

/** Medusa's usual refund reason codes and the obvious spellings, mapped to the canonical reasons. */
export const DEFAULT_REASONS: Readonly<Record<string, RefundReason>> = {
  requested_by_customer: 'requested_by_customer',
  customer_request: 'requested_by_customer',
  return: 'requested_by_customer',
  duplicate: 'duplicate',
  duplicated: 'duplicate',
  fraudulent: 'fraudulent',
  fraud: 'fraudulent',
};

const invalid = (message: string) => new MedusaError(MedusaError.Types.INVALID_DATA, `refundkit: ${message}`);

function url(value: unknown, name: string, required: boolean): string | undefined {
  if (value === undefined || value === null || value === '') {
    if (required) throw invalid(`\`${name}\` is required.`);
    return undefined;
  }
  if (typeof value !== 'string' || !URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    throw invalid(`\`${name}\` must be an http(s) URL, got ${JSON.stringify(value)}.`);
  }
  return value.replace(/\/+$/, '');
}

function positiveInt(value: unknown, name: string, fallback: number, min: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw invalid(`\`${name}\` must be an integer of at least ${min}, got ${JSON.stringify(value)}.`);
  }
  return value;
}

function reason(value: unknown, name: string): RefundReason {
  // ConvergeGate takes no free text, so `other` cannot be sent.
  if (!isRefundReason(value) || value === 'other') {
    throw invalid(
      `\`${name}\` must be requested_by_customer, duplicate or fraudulent, got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

/** Checks the options once, at boot, so a typo stops the store from starting instead of failing a refund. */
export function resolveOptions(input: unknown): ResolvedOptions {
  if (typeof input !== 'object' || input === null) throw invalid('options are required.');
  const options = input as Record<string, unknown>;
  const apiKey = options.apiKey;
  if (typeof apiKey !== 'string' || !/^sk_(test|live)_\S+$/.test(apiKey)) {
    throw invalid('`apiKey` must be a ConvergeGate secret key (sk_test_… or sk_live_…).');
  }
  const webhookSecret = options.webhookSecret ?? apiKey;
  if (typeof webhookSecret !== 'string' || webhookSecret === '')
    throw invalid('`webhookSecret` must be a string.');
  const reasons: Record<string, RefundReason> = { ...DEFAULT_REASONS };
  if (options.reasons !== undefined) {
    if (typeof options.reasons !== 'object' || options.reasons === null) {
      throw invalid('`reasons` must map refund reason codes to reasons.');
    }
    for (const [code, value] of Object.entries(options.reasons))
      reasons[code] = reason(value, `reasons.${code}`);
  }
  const defaultReason =
    options.defaultReason === undefined || options.defaultReason === null
      ? null
      : reason(options.defaultReason, 'defaultReason');
  if (options.autoCapture !== undefined && typeof options.autoCapture !== 'boolean') {
    throw invalid('`autoCapture` must be a boolean.');
  }
  const bounds = options.reconcile ?? {};
  if (typeof bounds !== 'object' || bounds === null) throw invalid('`reconcile` must be an object.');
  const { pageSize, concurrency, budgetMs } = bounds as Record<string, unknown>;
  return {
    apiKey,
    baseUrl: url(options.baseUrl, 'baseUrl', true) as string,
    webhookSecret,
    notificationUrl: url(options.notificationUrl, 'notificationUrl', false),
    successUrl: url(options.successUrl, 'successUrl', true) as string,
    cancelUrl: url(options.cancelUrl, 'cancelUrl', false),
    timeoutMs: positiveInt(options.timeoutMs, 'timeoutMs', 15_000, 1),
    maxRetries: positiveInt(options.maxRetries, 'maxRetries', 2, 0),
    reasons,
    defaultReason,
    autoCapture: options.autoCapture === true,
    reconcile: {
      pageSize: positiveInt(pageSize, 'reconcile.pageSize', RECONCILE_BOUNDS.pageSize, 1),
      concurrency: positiveInt(concurrency, 'reconcile.concurrency', RECONCILE_BOUNDS.concurrency, 1),
      budgetMs: positiveInt(budgetMs, 'reconcile.budgetMs', RECONCILE_BOUNDS.budgetMs, 1),
    },
  };
}

export type SendableReason = Exclude<RefundReason, 'other'>;

/**
 * The Medusa refund reason codes that map to each reason: the admin widget picks, for the reason the
 * admin chose, a Medusa refund reason with one of these codes (so a store's own codes work there too).
 */
export function codesByReason(options: ResolvedOptions): Record<SendableReason, string[]> {
  const codes: Record<SendableReason, string[]> = {
    requested_by_customer: [],
    duplicate: [],
    fraudulent: [],
  };
  for (const [code, reason] of Object.entries(options.reasons)) {
    if (reason !== 'other') codes[reason].push(code);
  }
  return codes;
}

/** A Medusa refund reason code as the canonical reason, or the configured default. */
export function reasonForCode(
  options: ResolvedOptions,
  code: string | null | undefined,
): RefundReason | null {
  if (code && Object.hasOwn(options.reasons, code)) return options.reasons[code] ?? null;
  return options.defaultReason;
}
