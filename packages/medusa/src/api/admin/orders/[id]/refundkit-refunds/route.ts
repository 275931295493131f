import type { AuthenticatedMedusaRequest, MedusaResponse } from '@medusajs/framework/http';
import type { BigNumberInput } from '@medusajs/framework/types';
import { ContainerRegistrationKeys, MathBN } from '@medusajs/framework/utils';
import { toMinorUnits } from '../../../../../lib/money';
import { serializeRecord } from '../../../../../lib/serialize';
import { refundkitModule } from '../../../../../lib/sync';

interface PaymentRow {
  id: string;
  provider_id: string;
  currency_code: string;
  amount: BigNumberInput;
  data: Record<string, unknown> | null;
  created_at: string | Date;
  captures?: { amount: BigNumberInput }[];
  refunds?: { amount: BigNumberInput }[];
}

const sum = (rows: { amount: BigNumberInput }[] | undefined) =>
  (rows ?? []).reduce((total, row) => MathBN.add(total, row.amount), MathBN.convert(0));

/**
 * `GET /admin/orders/:id/refundkit-refunds`: the order's gateway refunds with their status, whether
 * one failed, its refundkit payments in minor units and the refund reason codes the store maps to each
 * reason (what the admin widget needs to offer a refund).
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const orderId = req.params.id as string;
  const module = refundkitModule(req.scope);
  const refunds = await module.listForOrder(orderId);
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY);
  const { data: orders } = await query.graph({
    entity: 'order',
    fields: [
      'id',
      'payment_collections.payments.id',
      'payment_collections.payments.provider_id',
      'payment_collections.payments.currency_code',
      'payment_collections.payments.amount',
      'payment_collections.payments.data',
      'payment_collections.payments.created_at',
      'payment_collections.payments.captures.amount',
      'payment_collections.payments.refunds.amount',
    ],
    filters: { id: orderId },
  });
  const order = orders[0] as { payment_collections?: { payments?: PaymentRow[] }[] } | undefined;
  const payments = (order?.payment_collections ?? [])
    .flatMap((collection) => collection.payments ?? [])
    .filter((payment) => payment.provider_id.startsWith('pp_refundkit'))
    .map((payment) => ({
      id: payment.id,
      provider_id: payment.provider_id,
      session_id: typeof payment.data?.session_id === 'string' ? payment.data.session_id : null,
      currency_code: payment.currency_code,
      amount: toMinorUnits(payment.amount, payment.currency_code),
      captured: toMinorUnits(sum(payment.captures), payment.currency_code),
      refunded: toMinorUnits(sum(payment.refunds), payment.currency_code),
      created_at: payment.created_at,
    }));
  res.json({
    order_id: orderId,
    refund_failed: refunds.some((refund) => refund.status === 'failed'),
    refunds: refunds.map(serializeRecord),
    payments,
    reason_codes: module.reasonCodes(),
  });
}
