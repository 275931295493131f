import type { AuthenticatedMedusaRequest, MedusaResponse } from '@medusajs/framework/http';
import { refundkitModule } from '../../../../../lib/sync';

/** `GET /admin/orders/:id/refundkit-refunds`: the order's gateway refunds with their status. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const orderId = req.params.id as string;
  const refunds = await refundkitModule(req.scope).listForOrder(orderId);
  res.json({
    order_id: orderId,
    refund_failed: refunds.some((refund) => refund.status === 'failed'),
    refunds: refunds.map((refund) => ({
      id: refund.id,
      gateway_refund_id: refund.gateway_refund_id,
      payment_id: refund.payment_id,
      medusa_refund_id: refund.medusa_refund_id,
      amount: refund.amount,
      currency_code: refund.currency_code,
      status: refund.status,
      reason: refund.reason,
      failure_reason: refund.failure_reason,
      history: refund.history?.entries ?? [],
      created_at: refund.created_at,
      updated_at: refund.updated_at,
    })),
  });
}
