import { MedusaError } from '@medusajs/framework/utils';
import { z } from '@medusajs/framework/zod';
import { isRefundReason, REFUND_REASONS, type RefundReason } from '@refundkit/core';

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

/**
 * A store's options refused at boot. `option` names the first bad option (`reasons.damaged` for a
 * nested one); the message lists every bad option, so one restart fixes them all.
 */
export class RefundkitOptionsError extends MedusaError {
  readonly option: string;
  readonly issues: readonly { option: string; message: string }[];

  constructor(issues: readonly { option: string; message: string }[]) {
    super(
      MedusaError.Types.INVALID_DATA,
      `refundkit: ${issues.map((issue) => issue.message).join(' ')}`,
      'refundkit_invalid_options',
    );
    this.name = 'RefundkitOptionsError';
    this.option = issues[0]?.option ?? '';
    this.issues = issues;
  }
}

/** Unset, null and '' all mean "not given" in a config built from environment variables. */
const absent = (value: unknown) => (value === null || value === '' ? undefined : value);

const httpUrl = z
  .string()
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol))
  .transform((value) => value.replace(/\/+$/, ''));

const integerFrom = (min: number) => z.number().int().min(min).max(Number.MAX_SAFE_INTEGER);

// ConvergeGate takes no free text, so `other` cannot be sent.
const sendableReason = z.custom<RefundReason>((value) => isRefundReason(value) && value !== 'other');

/**
 * The options' shape. Only the check lives here: the words a store reads come from EXPECTED, keyed
 * by option, not from zod's own messages, which change between zod releases.
 */
const optionsSchema = z
  .object({
    apiKey: z.string().regex(/^sk_(test|live)_\S+$/),
    baseUrl: httpUrl,
    webhookSecret: z.string().min(1).optional(),
    notificationUrl: z.preprocess(absent, httpUrl.optional()),
    successUrl: httpUrl,
    cancelUrl: z.preprocess(absent, httpUrl.optional()),
    timeoutMs: z.preprocess(absent, integerFrom(1).optional()),
    maxRetries: z.preprocess(absent, integerFrom(0).optional()),
    reasons: z.record(z.string(), sendableReason).optional(),
    defaultReason: sendableReason.nullable().optional(),
    autoCapture: z.boolean().optional(),
    reconcile: z
      .object({
        pageSize: z.preprocess(absent, integerFrom(1).optional()),
        concurrency: z.preprocess(absent, integerFrom(1).optional()),
        budgetMs: z.preprocess(absent, integerFrom(1).optional()),
      })
      .strip()
      .optional(),
  })
  // Not strict: Medusa adds its own keys to a provider's options (`database`), so an unknown key
  // cannot be told from a misspelt one and is ignored.
  .strip();

/** Core's reasons a store may send ('other' is what a gateway reports, not what a store asks for). */
const SENDABLE = REFUND_REASONS.filter((reason) => reason !== 'other');
const REASON_WORDS = `${SENDABLE.slice(0, -1).join(', ')} or ${SENDABLE[SENDABLE.length - 1]}`;

const EXPECTED: Readonly<Record<keyof RefundkitOptions, string>> = {
  apiKey: 'a ConvergeGate secret key (sk_test_… or sk_live_…)',
  baseUrl: 'an http(s) URL',
  webhookSecret: 'a non-empty string',
  notificationUrl: 'an http(s) URL',
  successUrl: 'an http(s) URL',
  cancelUrl: 'an http(s) URL',
  timeoutMs: 'an integer of at least 1 (milliseconds)',
  maxRetries: 'an integer of at least 0',
  reasons: `an object mapping Medusa refund reason codes to ${REASON_WORDS}`,
  defaultReason: REASON_WORDS,
  autoCapture: 'a boolean',
  reconcile: 'an object with pageSize, concurrency and budgetMs',
};

function valueAt(input: Record<string, unknown>, path: readonly PropertyKey[]): unknown {
  let value: unknown = input;
  for (const key of path) {
    value =
      typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return value;
}

function describe(input: Record<string, unknown>, issue: z.ZodIssue): { option: string; message: string } {
  const option = issue.path.map(String).join('.');
  const top = String(issue.path[0]) as keyof RefundkitOptions;
  const value = valueAt(input, issue.path);
  // A reason inside `reasons` is held to the reason words, not to the map's description.
  const nested = issue.path.length > 1;
  const expected =
    top === 'reasons' && nested
      ? REASON_WORDS
      : top === 'reconcile' && nested
        ? 'an integer of at least 1'
        : EXPECTED[top];
  const got = value === undefined ? 'it is missing' : `got ${JSON.stringify(value)}`;
  return { option, message: `\`${option}\` must be ${expected}; ${got}.` };
}

/** Checks the options once, at boot, so a typo stops the store from starting instead of failing a refund. */
export function resolveOptions(input: unknown): ResolvedOptions {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new RefundkitOptionsError([{ option: '', message: 'options are required.' }]);
  }
  const parsed = optionsSchema.safeParse(input);
  if (!parsed.success) {
    throw new RefundkitOptionsError(
      parsed.error.issues.map((issue) => describe(input as Record<string, unknown>, issue)),
    );
  }
  const options = parsed.data;
  return {
    apiKey: options.apiKey,
    baseUrl: options.baseUrl,
    // ConvergeGate signs webhooks with the secret key unless the store was given another one.
    webhookSecret: options.webhookSecret ?? options.apiKey,
    notificationUrl: options.notificationUrl,
    successUrl: options.successUrl,
    cancelUrl: options.cancelUrl,
    timeoutMs: options.timeoutMs ?? 15_000,
    maxRetries: options.maxRetries ?? 2,
    reasons: { ...DEFAULT_REASONS, ...options.reasons },
    defaultReason: options.defaultReason ?? null,
    autoCapture: options.autoCapture === true,
    reconcile: {
      pageSize: options.reconcile?.pageSize ?? RECONCILE_BOUNDS.pageSize,
      concurrency: options.reconcile?.concurrency ?? RECONCILE_BOUNDS.concurrency,
      budgetMs: options.reconcile?.budgetMs ?? RECONCILE_BOUNDS.budgetMs,
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
