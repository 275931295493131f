import type { BigNumberInput } from '@medusajs/framework/types';
import { MathBN } from '@medusajs/framework/utils';
import { toMinorUnits } from '../../lib/money';
import { IDEMPOTENCY_KEY_FIELD } from '../../lib/refund-metadata';

/** What Medusa itself knows about the refund the provider is asked to make. */
export interface MedusaRefundView {
  paymentId: string;
  /** Minor units Medusa had refunded on the payment before this refund row (rows made earlier). */
  refundedBefore: number;
  reasonCode: string | null;
  /** The key the admin attempt that made this row was sent with (the plugin's admin refund route). */
  idempotencyKey: string | null;
}

interface RefundRow {
  id: string;
  amount: unknown;
  raw_amount?: unknown;
  created_at: Date | string;
  refund_reason?: { code?: string | null } | null;
  metadata?: Record<string, unknown> | null;
  payment?: { id: string; refunds?: RefundRow[] } | null;
}

interface RefundRowService {
  retrieve(id: string, config: { relations: string[] }): Promise<RefundRow>;
}

/**
 * Medusa hands the provider only `{ amount, data, context: { idempotency_key: refund.id } }`: no
 * reason, no refund history and not the caller's idempotency key. All three are on the refund row the payment module created just before
 * calling (committed: the module creates it in its own transaction), readable through the module's
 * own `refundService` in the provider's container. `null` when that is unavailable, and the provider
 * falls back to the refunds it recorded in `payment.data`.
 */
export async function medusaRefundView(
  container: Record<string, unknown>,
  refundId: string | undefined,
  currency: string,
): Promise<MedusaRefundView | null> {
  if (!refundId) return null;
  let service: RefundRowService | undefined;
  try {
    service = container.refundService as RefundRowService | undefined;
  } catch {
    return null;
  }
  if (!service || typeof service.retrieve !== 'function') return null;
  const row = await service.retrieve(refundId, {
    relations: ['payment', 'payment.refunds', 'refund_reason'],
  });
  if (!row.payment) return null;
  const at = (r: RefundRow) => new Date(r.created_at).getTime();
  // Rows made before this one, in creation order (ids break ties), are what Medusa had refunded.
  const before = (row.payment.refunds ?? []).filter(
    (r) => r.id !== row.id && (at(r) < at(row) || (at(r) === at(row) && r.id < row.id)),
  );
  const refunded = before.reduce(
    (sum, r) => MathBN.add(sum, MathBN.convert((r.raw_amount ?? r.amount) as BigNumberInput)),
    MathBN.convert(0),
  );
  const key = row.metadata?.[IDEMPOTENCY_KEY_FIELD];
  return {
    paymentId: row.payment.id,
    refundedBefore: toMinorUnits(refunded, currency),
    reasonCode: row.refund_reason?.code ?? null,
    idempotencyKey: typeof key === 'string' && key !== '' ? key : null,
  };
}

interface PaymentSessionService {
  list(filters: { id: string }, config: { select: string[]; take: number }): Promise<{ id: string }[]>;
}

/**
 * Whether Medusa still has the payment session a checkout session was opened for. `true` when the
 * payment module's own session service is not in the provider's container (nothing is assumed lost).
 */
export async function medusaHasSession(container: Record<string, unknown>, id: string): Promise<boolean> {
  let service: PaymentSessionService | undefined;
  try {
    service = container.paymentSessionService as PaymentSessionService | undefined;
  } catch {
    return true;
  }
  if (!service || typeof service.list !== 'function') return true;
  const found = await service.list({ id }, { select: ['id'], take: 1 });
  return found.length > 0;
}
