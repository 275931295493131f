import type { AuthenticatedMedusaRequest, MedusaResponse } from '@medusajs/framework/http';
import { MedusaError } from '@medusajs/framework/utils';
import { serializeRecord } from '../../../../../lib/serialize';
import { findRecord } from '../../../../../lib/sync';

/**
 * `GET /admin/refundkit/refunds/:id`: one refund's status, by the plugin's id, the gateway's refund id
 * or Medusa's refund id (`ref_…`). What the admin widget polls until the refund is final.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const id = req.params.id as string;
  const record = await findRecord(req.scope, id);
  if (!record) throw new MedusaError(MedusaError.Types.NOT_FOUND, `No refundkit refund ${id}.`);
  res.json({ refund: serializeRecord(record) });
}
