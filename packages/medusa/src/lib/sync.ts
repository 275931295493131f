import type { MedusaContainer } from '@medusajs/framework/types';
import { ContainerRegistrationKeys, Modules } from '@medusajs/framework/utils';
import type { RefundStatus } from '@refundkit/core';
import { reconcile } from '@refundkit/sdk';
import { REFUNDKIT_MODULE } from '../modules/refundkit';
import type { RefundkitModuleService, RefundRecord, StatusChange } from '../modules/refundkit/service';
import { readData } from './data';
import type { ReconcileBounds } from './options';

/** Emitted once when a refund fails at the gateway; a store subscribes to tell someone. */
export const REFUND_FAILED_EVENT = 'refundkit.refund.failed';

export interface RefundFailedEventData {
  id: string;
  gateway_refund_id: string;
  order_id: string | null;
  payment_id: string;
  medusa_refund_id: string | null;
  amount: number;
  currency_code: string;
  failure_reason: string | null;
}

/** A gateway refund in the shape the sync needs (the SDK's canonical refund fits). */
export interface GatewayRefund {
  id: string;
  paymentId: string;
  amount: { amount: number; currency: string };
  status: RefundStatus;
  reason: string | null;
  failureReason: string | null;
  metadata: Readonly<Record<string, string>>;
}

export interface SyncOptions {
  source: string;
  paymentId?: string | null | undefined;
  medusaRefundId?: string | null | undefined;
  idempotencyKey?: string | null | undefined;
}

export function refundkitModule(container: MedusaContainer): RefundkitModuleService {
  return container.resolve<RefundkitModuleService>(REFUNDKIT_MODULE);
}

/**
 * Records what the gateway says about one refund and, the first time it is seen failing, flags the
 * order and emits `refundkit.refund.failed`. Safe to call any number of times from any source.
 */
export async function syncGatewayRefund(
  container: MedusaContainer,
  refund: GatewayRefund,
  options: SyncOptions,
): Promise<StatusChange | null> {
  const module = refundkitModule(container);
  const known = await module.findByGatewayId(refund.id);
  const paymentId = options.paymentId ?? refund.metadata.medusa_payment_id ?? known?.payment_id ?? null;
  // A refund made outside Medusa (the gateway's dashboard, another shop) is none of the store's business.
  if (!paymentId) return null;
  const orderId = known?.order_id ?? (await orderIdForPayment(container, paymentId));
  const change = await module.recordRefund({
    gateway_refund_id: refund.id,
    session_id: refund.paymentId,
    payment_id: paymentId,
    medusa_refund_id: options.medusaRefundId ?? null,
    order_id: orderId,
    amount: refund.amount.amount,
    currency_code: refund.amount.currency,
    status: refund.status,
    reason: refund.reason,
    failure_reason: refund.failureReason,
    idempotency_key: options.idempotencyKey ?? refund.metadata.refundkit_key ?? `unknown:${refund.id}`,
    source: options.source,
  });
  if (change.changed && change.record.status === 'failed') await flagFailed(container, change.record);
  return change;
}

export async function orderIdForPayment(
  container: MedusaContainer,
  paymentId: string,
): Promise<string | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const { data: payments } = await query.graph({
    entity: 'payment',
    fields: ['id', 'payment_collection_id'],
    filters: { id: paymentId },
  });
  const collectionId = (payments[0] as { payment_collection_id?: string } | undefined)?.payment_collection_id;
  if (!collectionId) return null;
  const { data: links } = await query.graph({
    entity: 'order_payment_collection',
    fields: ['order_id'],
    filters: { payment_collection_id: collectionId },
  });
  return (links[0] as { order_id?: string } | undefined)?.order_id ?? null;
}

async function flagFailed(container: MedusaContainer, record: RefundRecord): Promise<void> {
  if (record.order_id) {
    const orders = container.resolve(Modules.ORDER);
    const order = await orders.retrieveOrder(record.order_id, { select: ['id', 'metadata'] });
    const metadata = (order.metadata ?? {}) as Record<string, unknown>;
    const failed = Array.isArray(metadata.refundkit_failed_refunds)
      ? (metadata.refundkit_failed_refunds as string[])
      : [];
    await orders.updateOrders([
      {
        id: record.order_id,
        metadata: {
          ...metadata,
          refundkit_refund_failed: true,
          refundkit_failed_refunds: [...new Set([...failed, record.gateway_refund_id])],
        },
      },
    ]);
  }
  const data: RefundFailedEventData = {
    id: record.id,
    gateway_refund_id: record.gateway_refund_id,
    order_id: record.order_id,
    payment_id: record.payment_id,
    medusa_refund_id: record.medusa_refund_id,
    amount: record.amount,
    currency_code: record.currency_code,
    failure_reason: record.failure_reason,
  };
  await container.resolve(Modules.EVENT_BUS).emit({ name: REFUND_FAILED_EVENT, data });
}

/** An open record as reconcile sees it: the gateway's id and the status the store knows. */
interface OpenRefund {
  id: string;
  status: RefundStatus;
  record: RefundRecord;
}

/**
 * Asks the gateway about refunds still open here and records each forward move: the SDK's
 * `reconcile` (the same rules and bounds any service gets) over the plugin's records. What the
 * scheduled job and a manual refresh run; returns how many records moved.
 */
export async function syncOpenRefunds(
  container: MedusaContainer,
  bounds: Partial<ReconcileBounds> = {},
): Promise<number> {
  const module = refundkitModule(container);
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER);
  const report = await reconcile<OpenRefund>(module.gateway(), {
    ...module.reconcileBounds(),
    ...bounds,
    async pending({ limit, cursor }) {
      const records = await module.listOpen(limit, cursor);
      const last = records[records.length - 1];
      return {
        data: records.map((record) => ({ id: record.gateway_refund_id, status: record.status, record })),
        nextCursor: records.length === limit && last ? last.id : null,
      };
    },
    async apply(change) {
      await syncGatewayRefund(container, change.refund, {
        source: 'poll',
        paymentId: change.local.record.payment_id,
      });
    },
  });
  for (const issue of [...report.failed, ...report.skipped]) {
    logger.warn(`refundkit: could not poll refund ${issue.id} (${issue.error.code}): ${issue.error.message}`);
  }
  if (report.sourceError)
    logger.warn(`refundkit: listing open refunds failed: ${report.sourceError.message}`);
  if (report.notReached.length > 0) {
    logger.info(
      `refundkit: ${report.notReached.length} open refunds left for the next poll (time budget spent).`,
    );
  }
  return report.changed.length;
}

/**
 * Records the refunds the provider wrote into a payment's data (gateway id, amount, status at the
 * time, Medusa's refund row). Runs after Medusa's refund workflow, and on demand when the admin asks
 * for a refund before that subscriber ran.
 */
export async function recordFromPaymentData(
  container: MedusaContainer,
  paymentId: string,
): Promise<RefundRecord[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const { data: payments } = await query.graph({
    entity: 'payment',
    fields: ['id', 'provider_id', 'data'],
    filters: { id: paymentId },
  });
  const payment = payments[0] as
    | { id: string; provider_id: string; data: Record<string, unknown> | null }
    | undefined;
  if (!payment?.provider_id.startsWith('pp_refundkit') || typeof payment.data?.session_id !== 'string')
    return [];
  const data = readData(payment.data);
  const records: RefundRecord[] = [];
  for (const entry of data.refunds) {
    const change = await syncGatewayRefund(
      container,
      {
        id: entry.id,
        paymentId: data.session_id,
        amount: { amount: entry.amount, currency: data.currency },
        status: entry.status,
        reason: entry.reason,
        failureReason: null,
        metadata: {},
      },
      {
        source: 'refund_payment',
        paymentId: payment.id,
        medusaRefundId: entry.medusa_refund_id,
        idempotencyKey: entry.idempotency_key,
      },
    );
    if (change) records.push(change.record);
  }
  return records;
}

/** A record by its own id, the gateway's refund id or Medusa's refund id. */
export async function findRecord(container: MedusaContainer, id: string): Promise<RefundRecord | null> {
  const module = refundkitModule(container);
  for (const field of ['id', 'gateway_refund_id', 'medusa_refund_id'] as const) {
    const [found] = (await module.listRefundkitRefunds({ [field]: id })) as unknown as RefundRecord[];
    if (found) return found;
  }
  if (!id.startsWith('ref_')) return null;
  // A Medusa refund the subscriber has not recorded yet: its payment's data has the gateway refund.
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const { data: refunds } = await query.graph({
    entity: 'refund',
    fields: ['id', 'payment_id'],
    filters: { id },
  });
  const paymentId = (refunds[0] as { payment_id?: string } | undefined)?.payment_id;
  if (!paymentId) return null;
  const records = await recordFromPaymentData(container, paymentId);
  return records.find((record) => record.medusa_refund_id === id) ?? null;
}
