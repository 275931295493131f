import type { AuthenticatedMedusaRequest, MedusaResponse } from '@medusajs/framework/http';
import {
  createAdminRefund,
  parseAdminRefundBody,
  parseIdempotencyKey,
} from '../../../../../lib/admin-refund';
import { serializeRecord } from '../../../../../lib/serialize';
import { refundkitModule } from '../../../../../lib/sync';

/**
 * `POST /admin/payments/:id/refundkit-refunds` with `{ amount (minor units), refund_reason_id?, note? }`
 * and an optional `Idempotency-Key` header: refunds through Medusa's refund workflow and answers with
 * the refund this request made (`{ refund }`). A retry with the same key returns the same refund
 * (`Idempotent-Replayed: true`) and the key is the gateway's idempotency key, so one refund is paid.
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const idempotencyKey = parseIdempotencyKey(req.headers['idempotency-key']);
  const body = parseAdminRefundBody(req.body);
  const { record, replayed } = await createAdminRefund(req.scope, {
    paymentId: req.params.id as string,
    body,
    idempotencyKey,
    actorId: req.auth_context?.actor_id,
    // Room for a few refunds queued on the same order ahead of this one.
    lockTimeoutSeconds: 4 * refundkitModule(req.scope).attemptSeconds(),
  });
  if (idempotencyKey) res.setHeader('Idempotent-Replayed', String(replayed));
  res.json({ refund: serializeRecord(record) });
}
