import { holdsFunds, type RefundStatus } from '@refundkit/core';
import type { PaymentRow, Scope, Services } from '../../../domain/context.js';
import { notFound } from '../../../domain/errors.js';
import { findPayment } from '../../../domain/payments.js';
import type { TypedApp } from '../../../http/typed-app.js';
import { sendJson } from '../../../http/write.js';
import { bareId, intentData, PREFIX, type RefundDetails, stripeId, transferAmount } from '../objects.js';
import type { StripeRoutes } from '../route-context.js';
import { id, noQuery, security, tags } from '../route-schemas.js';

const seconds = (ms: number) => Math.floor(ms / 1000);

/** The refunds of a charge that still hold money, with what each gave back of the fee and the transfer. */
async function connectRefunds(services: Services, payment: PaymentRow) {
  const rows = await services.db
    .selectFrom('refunds')
    .innerJoin('refund_details', 'refund_details.refund_id', 'refunds.id')
    .select(['refunds.id', 'refunds.status', 'refunds.created_at', 'refunds.currency', 'refund_details.data'])
    .where('refunds.payment_id', '=', payment.id)
    .orderBy('refunds.seq', 'desc')
    .execute();
  return rows
    .filter((row) => holdsFunds(row.status as RefundStatus))
    .map((row) => ({ ...row, details: row.data as unknown as RefundDetails }));
}

/**
 * The Connect objects of a destination charge, read-only: its application fee (`fee_X`, refunded by
 * `refund_application_fee`) and its transfer (`tr_X`, reversed by `reverse_transfer`), each with the
 * amounts the refunds gave back. A refund that failed or was canceled gives nothing back.
 */
export function registerConnectRoutes(app: TypedApp, routes: StripeRoutes): void {
  const { services, scopeOf } = routes;
  const docs = { tags, security, params: id, querystring: noQuery } as const;
  const charge = async (scope: Scope, given: string, prefix: string) => {
    const row = await findPayment(services.db, scope, bareId(prefix, given));
    return row?.state === 'succeeded' ? row : undefined;
  };

  app.get(
    '/v1/application_fees/:id',
    { schema: { ...docs, summary: 'Retrieve the application fee of a destination charge' } },
    async (request, reply) => {
      const row = await charge(scopeOf(request), request.params.id, PREFIX.fee);
      const fee = row ? intentData(row).application_fee_amount : null;
      if (!row || !fee) throw notFound('application fee', request.params.id, 'id');
      const id = stripeId(PREFIX.fee, row.id);
      const refunds = (await connectRefunds(services, row)).filter((r) => r.details.fee_refund);
      const refunded = refunds.reduce((sum, r) => sum + (r.details.fee_refund ?? 0), 0);
      return sendJson(reply, {
        id,
        object: 'application_fee',
        account: intentData(row).transfer_destination ?? null,
        amount: fee,
        amount_refunded: refunded,
        application: null,
        balance_transaction: `txn_${id}`,
        charge: stripeId(PREFIX.charge, row.id),
        created: seconds(row.captured_at ?? row.created_at),
        currency: row.currency.toLowerCase(),
        livemode: row.livemode,
        originating_transaction: null,
        refunded: refunded === fee,
        refunds: {
          object: 'list',
          data: refunds.map((r) => ({
            id: stripeId(PREFIX.feeRefund, r.id),
            object: 'fee_refund',
            amount: r.details.fee_refund,
            balance_transaction: null,
            created: seconds(r.created_at),
            currency: r.currency.toLowerCase(),
            fee: id,
            metadata: {},
          })),
          has_more: false,
          url: `/v1/application_fees/${id}/refunds`,
        },
      });
    },
  );

  app.get(
    '/v1/transfers/:id',
    { schema: { ...docs, summary: 'Retrieve the transfer of a destination charge' } },
    async (request, reply) => {
      const row = await charge(scopeOf(request), request.params.id, PREFIX.transfer);
      const destination = row ? intentData(row).transfer_destination : null;
      if (!row || !destination) throw notFound('transfer', request.params.id, 'id');
      const id = stripeId(PREFIX.transfer, row.id);
      const amount = transferAmount(row);
      const reversals = (await connectRefunds(services, row)).filter((r) => r.details.transfer_reversal);
      const reversed = reversals.reduce((sum, r) => sum + (r.details.transfer_reversal_amount ?? 0), 0);
      return sendJson(reply, {
        id,
        object: 'transfer',
        amount,
        amount_reversed: reversed,
        balance_transaction: `txn_${id}`,
        created: seconds(row.captured_at ?? row.created_at),
        currency: row.currency.toLowerCase(),
        description: null,
        destination,
        destination_payment: null,
        livemode: row.livemode,
        metadata: {},
        reversals: {
          object: 'list',
          data: reversals.map((r) => ({
            id: r.details.transfer_reversal,
            object: 'transfer_reversal',
            amount: r.details.transfer_reversal_amount,
            balance_transaction: null,
            created: seconds(r.created_at),
            currency: r.currency.toLowerCase(),
            destination_payment_refund: null,
            metadata: {},
            source_refund: stripeId(PREFIX.refund, r.id),
            transfer: id,
          })),
          has_more: false,
          url: `/v1/transfers/${id}/reversals`,
        },
        reversed: reversed === amount,
        source_transaction: stripeId(PREFIX.charge, row.id),
        source_type: 'card',
        transfer_group: null,
      });
    },
  );
}
