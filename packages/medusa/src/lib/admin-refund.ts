import { randomUUID } from 'node:crypto';
import type { MedusaContainer } from '@medusajs/framework/types';
import { ContainerRegistrationKeys, MedusaError, Modules } from '@medusajs/framework/utils';
import { z } from '@medusajs/framework/zod';
import type { RefundPaymentWorkflowInput, refundPaymentWorkflowId } from '@medusajs/medusa/core-flows';
import { toDecimalString } from '@refundkit/core';
import type { RefundRecord } from '../modules/refundkit/service';
import { ATTEMPT_FIELD, IDEMPOTENCY_KEY_FIELD } from './refund-metadata';
import { findRecord, orderIdForPayment } from './sync';

/** Medusa's refund (amount checks, order transaction, provider); typed by core-flows' own id, so a rename fails typecheck. */
const REFUND_PAYMENT_WORKFLOW_ID: typeof refundPaymentWorkflowId = 'refund-payment-workflow';

export const adminRefundBody = z
  .object({
    /** Minor units of the payment's currency, like every refundkit amount. */
    amount: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    refund_reason_id: z.string().min(1).optional(),
    note: z.string().max(5000).optional(),
  })
  .strict();

export type AdminRefundBody = z.infer<typeof adminRefundBody>;

/** Printable ASCII, as Stripe takes keys; 255 is Stripe's length limit too. */
const KEY = /^[\x21-\x7e]{1,255}$/;

export function parseIdempotencyKey(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  const key = Array.isArray(header) ? header[0] : header;
  if (key === undefined || !KEY.test(key)) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      'The Idempotency-Key header must be 1 to 255 printable ASCII characters without spaces.',
      'idempotency_key_invalid',
    );
  }
  return key;
}

export function parseAdminRefundBody(body: unknown): AdminRefundBody {
  const parsed = adminRefundBody.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const words = parsed.error.issues.map((issue) =>
    issue.code === 'unrecognized_keys'
      ? `Unknown field(s) ${(issue as { keys: string[] }).keys.join(', ')}.`
      : `\`${issue.path.join('.')}\`: ${
          issue.path[0] === 'amount'
            ? 'a positive integer in minor units of the payment’s currency'
            : 'a non-empty string'
        } is required.`,
  );
  throw new MedusaError(MedusaError.Types.INVALID_DATA, words.join(' '), 'refund_request_invalid');
}

interface RefundRow {
  id: string;
  amount: unknown;
  refund_reason_id?: string | null;
  metadata?: Record<string, unknown> | null;
}

interface PaymentRow {
  id: string;
  provider_id: string;
  currency_code: string;
  refunds?: RefundRow[];
}

async function loadPayment(container: MedusaContainer, paymentId: string): Promise<PaymentRow> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const { data } = await query.graph({
    entity: 'payment',
    fields: [
      'id',
      'provider_id',
      'currency_code',
      'refunds.id',
      'refunds.amount',
      'refunds.refund_reason_id',
      'refunds.metadata',
    ],
    filters: { id: paymentId },
  });
  const payment = data[0] as PaymentRow | undefined;
  if (!payment) throw new MedusaError(MedusaError.Types.NOT_FOUND, `No payment ${paymentId}.`);
  if (!payment.provider_id.startsWith('pp_refundkit')) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Payment ${paymentId} was not made through refundkit (${payment.provider_id}); refund it with POST /admin/payments/${paymentId}/refund.`,
    );
  }
  return payment;
}

const marked = (payment: PaymentRow, field: string, value: string) =>
  (payment.refunds ?? []).find((refund) => refund.metadata?.[field] === value);

async function recordFor(container: MedusaContainer, medusaRefundId: string): Promise<RefundRecord> {
  const record = await findRecord(container, medusaRefundId);
  if (!record) {
    throw new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      `Medusa refund ${medusaRefundId} has no gateway refund recorded.`,
    );
  }
  return record;
}

export interface AdminRefundResult {
  record: RefundRecord;
  /** A retry of an attempt that had already made its refund: nothing new was done. */
  replayed: boolean;
}

export interface AdminRefundInput {
  paymentId: string;
  body: AdminRefundBody;
  idempotencyKey: string | null;
  actorId: string | undefined;
  /** Seconds a retry waits for an attempt with the same key still running. */
  lockTimeoutSeconds: number;
}

/**
 * One admin refund attempt through Medusa's own refund workflow (its amount checks, order
 * transactions and the provider all apply) that knows which refund it made: the row is found by the
 * attempt's mark, never by diffing the payment's refunds, which picks another admin's refund when two
 * refund at once. A key whose refund exists returns that refund instead of making a new one.
 */
export async function createAdminRefund(
  container: MedusaContainer,
  input: AdminRefundInput,
): Promise<AdminRefundResult> {
  const run = async (): Promise<AdminRefundResult> => {
    const payment = await loadPayment(container, input.paymentId);
    if (input.idempotencyKey) {
      const done = marked(payment, IDEMPOTENCY_KEY_FIELD, input.idempotencyKey);
      if (done) return { record: await sameRefund(container, payment, done, input), replayed: true };
    }
    const attempt = randomUUID();
    const workflowInput: RefundPaymentWorkflowInput & { metadata: Record<string, string> } = {
      payment_id: payment.id,
      // Medusa counts in major units; the decimal text comes from core, never from a float.
      amount: toDecimalString(input.body.amount, payment.currency_code),
      ...(input.body.refund_reason_id ? { refund_reason_id: input.body.refund_reason_id } : {}),
      ...(input.body.note ? { note: input.body.note } : {}),
      ...(input.actorId ? { created_by: input.actorId } : {}),
      // Not in the workflow's declared input, but handed on untouched to the payment module's
      // refundPayment, which stores it on the refund row before it calls the provider.
      metadata: {
        [ATTEMPT_FIELD]: attempt,
        ...(input.idempotencyKey ? { [IDEMPOTENCY_KEY_FIELD]: input.idempotencyKey } : {}),
      },
    };
    // Run by id through the store's own workflow engine, never by importing core-flows here: where the
    // plugin resolves another copy of @medusajs/medusa than the store (a workspace, a linked plugin),
    // importing it registers every core workflow a second time and Medusa refuses to start.
    await container
      .resolve(Modules.WORKFLOW_ENGINE)
      .run(REFUND_PAYMENT_WORKFLOW_ID, { input: workflowInput, throwOnError: true });
    const made = marked(await loadPayment(container, payment.id), ATTEMPT_FIELD, attempt);
    if (!made) {
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        'Medusa recorded no refund for this attempt.',
      );
    }
    return { record: await recordFor(container, made.id), replayed: false };
  };
  // Medusa's refund workflow adds a credit line through an order change, and an order takes one
  // change at a time: two refunds on one order at once would fail the second after its money left.
  // So refunds on an order made here run one after the other (and a retry with a key waits for the
  // attempt still running, then finds its refund).
  const orderId = await orderIdForPayment(container, input.paymentId);
  const locking = container.resolve(Modules.LOCKING);
  let started = false;
  try {
    return await locking.execute(
      `refundkit:admin-refund:${orderId ?? input.paymentId}`,
      () => {
        started = true;
        return run();
      },
      { timeout: input.lockTimeoutSeconds },
    );
  } catch (error) {
    if (started) throw error;
    throw new MedusaError(
      MedusaError.Types.CONFLICT,
      `Other refunds on this order are still running; retry${input.idempotencyKey ? ' with the same Idempotency-Key' : ''} in a moment.`,
      'refund_in_progress',
    );
  }
}

/** A key is one refund: reusing it for another amount or reason is refused, as Stripe does. */
async function sameRefund(
  container: MedusaContainer,
  payment: PaymentRow,
  done: RefundRow,
  input: AdminRefundInput,
): Promise<RefundRecord> {
  const record = await recordFor(container, done.id);
  const reasonChanged = (input.body.refund_reason_id ?? null) !== (done.refund_reason_id ?? null);
  if (record.amount !== input.body.amount || reasonChanged) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Idempotency key ${input.idempotencyKey} was already used for another refund on payment ${payment.id}; use a new key for a new refund.`,
      'idempotency_key_reused',
    );
  }
  return record;
}
