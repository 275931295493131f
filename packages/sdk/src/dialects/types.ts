import type {
  Dialect,
  PaymentSnapshot,
  Refund,
  RefundHold,
  RefundReason,
  RefundStatus,
} from '@refundkit/core';
import type { ApiRequest, WireProtocol } from '../transport.js';
import type { ConvergeGateRefund } from './convergegate/types.js';

/** A refund request in canonical terms; the dialect adapter turns it into its own wire request. */
export interface CreateRefundParams {
  /** The payment to refund: a checkout session id (ConvergeGate), a charge / payment intent, a checkout. */
  readonly paymentId: string;
  /** Minor units; omitted = everything still refundable. */
  readonly amount?: number | undefined;
  /** Checked against `payment`'s currency before anything is sent (no refund API takes a currency). */
  readonly currency?: string | undefined;
  /** Canonical reason; the client spells it the dialect's way (`duplicate` -> `duplicated`). */
  readonly reason?: RefundReason | null | undefined;
  /** Free text with `reason: 'other'`, where the dialect takes it (Checkout); at most 500 characters. */
  readonly reasonText?: string | null | undefined;
  readonly metadata?: Readonly<Record<string, string>> | undefined;
  /**
   * The payment as the caller knows it. When given, core's `checkRefund` runs before the request
   * leaves, so an over-refund is refused locally with the code the server would send.
   */
  readonly payment?:
    | { readonly snapshot: PaymentSnapshot; readonly refunds: readonly RefundHold[] }
    | undefined;
}

export interface ListRefundsParams {
  /** Only the refunds of this payment. */
  readonly paymentId?: string | undefined;
  /** Page size (the server caps it). */
  readonly limit?: number | undefined;
  /** Start after this refund id (the cursor of the previous page's last item). */
  readonly startingAfter?: string | undefined;
}

/** A canonical refund with the dialect's own object and what the response said about it. */
// The default raw type is the one dialect shipped so far; it widens to a union as adapters are added.
export type RefundResult<Raw = ConvergeGateRefund> = Refund & {
  /** The refund exactly as the dialect sent it. */
  readonly raw: Raw;
  /** The server answered from its idempotency store: this is the refund an earlier try created. */
  readonly replayed: boolean;
  readonly requestId: string | null;
  /** The key the write went out with (generated or the caller's); `null` for reads. */
  readonly idempotencyKey: string | null;
};

export type WaitUntil = 'terminal' | RefundStatus | readonly RefundStatus[];

export interface WaitForOptions {
  /** What to wait for. Default `terminal` (succeeded, failed or canceled). */
  readonly until?: WaitUntil | undefined;
  /** Total time allowed, polls included. Default 60 000 ms. */
  readonly timeoutMs?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  /** First wait between polls; it grows by half each poll up to `maxIntervalMs`. Default 500 ms. */
  readonly intervalMs?: number | undefined;
  /** Default 5 000 ms. */
  readonly maxIntervalMs?: number | undefined;
}

/** What the client knows about a refund that its object may leave out. */
export interface RefundContext {
  /**
   * The mode the refund was read in: the key's (`sk_live_…` / `rk_live_…`) for API answers, the
   * event's `livemode` for webhooks. Used only when the object has no `livemode` of its own.
   */
  readonly livemode: boolean;
}

/** A create request's body fields, already checked, with the reason in the dialect's own word. */
export interface RefundFields {
  readonly amount: number | undefined;
  readonly reason: string | undefined;
  readonly reason_text: string | undefined;
  readonly metadata: Readonly<Record<string, string>> | undefined;
}

/**
 * What a dialect supplies so the dialect-neutral refunds resource can speak it: requests in its
 * paths and field names, and the way back from its objects to the canonical `Refund`.
 */
export interface RefundAdapter<Raw> {
  readonly dialect: Dialect;
  readonly wire: WireProtocol;
  /**
   * The dialect's codes for core's refusals where they differ (Stripe: `amount_too_large`), so a
   * refusal made locally carries the code the server would have sent.
   */
  readonly codes?: Readonly<Record<string, string>> | undefined;
  createRequest(params: CreateRefundParams, fields: RefundFields): ApiRequest;
  retrieveRequest(id: string): ApiRequest;
  listRequest(params: ListRefundsParams, cursor: string | undefined): ApiRequest;
  decodeList(body: unknown): { data: Raw[]; hasMore: boolean };
  /** `context` fills in what the object does not say (Stripe's refunds carry no `livemode`). */
  toRefund(raw: Raw, context: RefundContext): Refund;
  /**
   * For a dialect whose create answers with an acknowledgement instead of the refund (Checkout's
   * 202): the refund id in it, which the resource then reads back.
   */
  acceptedRefundId?(body: unknown): string;
}
