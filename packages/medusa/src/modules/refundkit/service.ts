import { MedusaError, MedusaService } from '@medusajs/framework/utils';
import { isRefundStatus, type RefundStatus } from '@refundkit/core';
import { decideReconcile } from '@refundkit/sdk';
import { type GatewayClient, gatewayClient } from '../../lib/gateway';
import {
  codesByReason,
  type ReconcileBounds,
  type RefundkitOptions,
  type ResolvedOptions,
  resolveOptions,
  type SendableReason,
} from '../../lib/options';
import { type VerifiedEvent, verifyEvent, type WebhookPayload } from '../../lib/webhook';
import { RefundkitRefund } from './models/refundkit-refund';

export interface HistoryEntry {
  status: RefundStatus;
  /** ISO time the plugin learnt of the status. */
  at: string;
  /** Where it came from: `refund_payment`, `webhook`, `poll`, … */
  source: string;
  failure_reason?: string | null;
}

export interface RefundRecord {
  id: string;
  gateway_refund_id: string;
  session_id: string;
  payment_id: string;
  medusa_refund_id: string | null;
  order_id: string | null;
  amount: number;
  currency_code: string;
  status: RefundStatus;
  reason: string | null;
  failure_reason: string | null;
  idempotency_key: string;
  history: { entries: HistoryEntry[] };
  synced_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface RecordRefundInput {
  gateway_refund_id: string;
  session_id: string;
  payment_id: string;
  medusa_refund_id?: string | null | undefined;
  order_id?: string | null | undefined;
  amount: number;
  currency_code: string;
  status: RefundStatus;
  reason?: string | null | undefined;
  failure_reason?: string | null | undefined;
  idempotency_key: string;
  source: string;
}

export interface StatusChange {
  record: RefundRecord;
  /** The status moved (a new record counts as moved into its first status). */
  changed: boolean;
  previous: RefundStatus | null;
}

/** Refunds still waiting for the gateway: the scheduled job polls these. */
export const OPEN_STATUSES: readonly RefundStatus[] = ['pending', 'requires_action'];

/**
 * Keeps the gateway's view of each refund. Statuses only move forward (core's machine), so a late or
 * repeated webhook can never undo a newer status; every move lands in the record's history.
 */
export class RefundkitModuleService extends MedusaService({ RefundkitRefund }) {
  protected readonly options_: ResolvedOptions;
  private client_: GatewayClient | null = null;

  constructor(container: Record<string, unknown>, options: RefundkitOptions) {
    super(container, options);
    this.options_ = resolveOptions(options);
  }

  /** The SDK client on the store's key: re-fetching refunds, verifying webhooks. */
  gateway(): GatewayClient {
    this.client_ ??= gatewayClient(this.options_);
    return this.client_;
  }

  /** The scheduled poll's bounds (the `reconcile` option, checked at boot). */
  reconcileBounds(): ReconcileBounds {
    return this.options_.reconcile;
  }

  /** The store's refund reason codes for each reason (defaults merged with its `reasons` option). */
  reasonCodes(): Record<SendableReason, string[]> {
    return codesByReason(this.options_);
  }

  /**
   * The longest one provider refund can take (its three gateway calls, each with every retry): how
   * long a retry with the same idempotency key waits for the attempt still running.
   */
  attemptSeconds(): number {
    const { timeoutMs, maxRetries } = this.options_;
    return Math.ceil((3 * timeoutMs * (maxRetries + 1)) / 1000) + 5;
  }

  /** Checks a webhook's signature with the store's key; `null` when it does not check out. */
  async verifyWebhook(payload: WebhookPayload): Promise<VerifiedEvent | null> {
    return verifyEvent(this.gateway(), this.options_, payload, undefined);
  }

  /** Creates the record, or moves an existing one (same gateway refund) forward. */
  async recordRefund(input: RecordRefundInput): Promise<StatusChange> {
    if (!isRefundStatus(input.status)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Unknown refund status "${String(input.status)}".`,
      );
    }
    const existing = await this.findByGatewayId(input.gateway_refund_id);
    if (existing) return this.moveRecord(existing, input);
    const now = new Date();
    try {
      const created = (await this.createRefundkitRefunds({
        gateway_refund_id: input.gateway_refund_id,
        session_id: input.session_id,
        payment_id: input.payment_id,
        medusa_refund_id: input.medusa_refund_id ?? null,
        order_id: input.order_id ?? null,
        amount: input.amount,
        currency_code: input.currency_code.toLowerCase(),
        status: input.status,
        reason: input.reason ?? null,
        failure_reason: input.failure_reason ?? null,
        idempotency_key: input.idempotency_key,
        history: { entries: [entry(input.status, input.source, input.failure_reason, now)] },
        synced_at: input.source === 'refund_payment' ? null : now,
      })) as unknown as RefundRecord;
      return { record: created, changed: true, previous: null };
    } catch (error) {
      // A webhook and the refund subscriber can record the same refund at once; the unique index on
      // the gateway id lets one of them win, and the other becomes an update.
      const raced = await this.findByGatewayId(input.gateway_refund_id);
      if (!raced) throw error;
      return this.moveRecord(raced, input);
    }
  }

  async findByGatewayId(gatewayRefundId: string): Promise<RefundRecord | null> {
    const [found] = (await this.listRefundkitRefunds({
      gateway_refund_id: gatewayRefundId,
    })) as unknown as RefundRecord[];
    return found ?? null;
  }

  async listForOrder(orderId: string): Promise<RefundRecord[]> {
    return (await this.listRefundkitRefunds(
      { order_id: orderId },
      { order: { created_at: 'ASC' } },
    )) as unknown as RefundRecord[];
  }

  /** Open records in id order, `limit` at a time, after the record `after` (a cursor that survives updates). */
  async listOpen(limit = 100, after: string | null = null): Promise<RefundRecord[]> {
    return (await this.listRefundkitRefunds(
      { status: [...OPEN_STATUSES], ...(after === null ? {} : { id: { $gt: after } }) },
      { take: limit, order: { id: 'ASC' } },
    )) as unknown as RefundRecord[];
  }

  private async moveRecord(record: RefundRecord, input: RecordRefundInput): Promise<StatusChange> {
    const links: Partial<RefundRecord> = {};
    if (input.medusa_refund_id && record.medusa_refund_id !== input.medusa_refund_id) {
      links.medusa_refund_id = input.medusa_refund_id;
    }
    if (input.order_id && !record.order_id) links.order_id = input.order_id;
    // The SDK's reconcile decision, for webhooks and the poll alike: forward along core's machine
    // (requires_action -> succeeded included); backwards or sideways (an old webhook arriving late) is ignored.
    const changed = decideReconcile(record.status, input.status).kind === 'advance';
    const now = new Date();
    const update: Record<string, unknown> = { ...links };
    if (changed) {
      update.status = input.status;
      update.failure_reason = input.failure_reason ?? record.failure_reason;
      update.history = {
        entries: [
          ...(record.history?.entries ?? []),
          entry(input.status, input.source, input.failure_reason, now),
        ],
      };
    }
    if (input.source !== 'refund_payment') update.synced_at = now;
    if (Object.keys(update).length === 0) return { record, changed: false, previous: record.status };
    const updated = (await this.updateRefundkitRefunds({
      id: record.id,
      ...update,
    })) as unknown as RefundRecord;
    return { record: updated, changed, previous: record.status };
  }
}

function entry(
  status: RefundStatus,
  source: string,
  failureReason: string | null | undefined,
  at: Date,
): HistoryEntry {
  return failureReason
    ? { status, at: at.toISOString(), source, failure_reason: failureReason }
    : { status, at: at.toISOString(), source };
}
