import { MedusaError } from '@medusajs/framework/utils';
import { formatMoney, isRefundError, type RefundError } from '@refundkit/core';
import { isRefundkitError } from '@refundkit/sdk';

/**
 * Turns whatever a gateway call threw into a MedusaError whose type Medusa's error handler maps to
 * the right status, keeping the words: a refusal (a rule, a 4xx from the gateway) is a 400 with the
 * gateway's message, never Medusa's generic "An unknown error occurred" 500.
 */
export function toMedusaError(error: unknown, action: string, currency?: string): MedusaError {
  if (error instanceof MedusaError) return error;
  if (isRefundError(error)) {
    return new MedusaError(MedusaError.Types.NOT_ALLOWED, `${ruleWords(error, currency)} (${error.code})`);
  }
  if (isRefundkitError(error)) {
    const code = error.code ? ` (${error.code})` : '';
    if (error.statusCode === null || error.type === 'connection_error') {
      // No answer: the gateway may or may not have acted. The retry reuses the same idempotency key,
      // so saying "retry" is safe; nothing was recorded in Medusa.
      return new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `ConvergeGate did not answer while trying to ${action} (${error.message}). Nothing was recorded; retry — a retry cannot pay twice.`,
      );
    }
    if (error.statusCode === 401 || error.statusCode === 403) {
      return new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `ConvergeGate refused the store's API key while trying to ${action}: ${error.message}${code}`,
      );
    }
    if (error.statusCode === 404) {
      return new MedusaError(MedusaError.Types.NOT_FOUND, `ConvergeGate: ${error.message}${code}`);
    }
    if (error.statusCode >= 500) {
      return new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `ConvergeGate failed while trying to ${action} (HTTP ${error.statusCode}): ${error.message}. Retry later.`,
      );
    }
    return new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `ConvergeGate refused to ${action}: ${error.message}${code}`,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `refundkit: could not ${action}: ${message}`);
}

/** A core rule refusal as a sentence a merchant can act on, with the amounts from its details. */
export function ruleWords(error: RefundError, currency: string | undefined): string {
  const details = error.details as Record<string, unknown>;
  const money = (key: string) => {
    const value = details[key];
    if (typeof value !== 'number' || !currency) return null;
    return formatMoney(value, currency, { locale: 'en-US' });
  };
  switch (error.code) {
    case 'amount_exceeds_refundable': {
      const requested = money('requested');
      const refundable = money('refundable');
      return requested && refundable
        ? `Refund of ${requested} is more than the ${refundable} still refundable on this payment at the gateway.`
        : error.message;
    }
    case 'already_refunded':
      return 'Nothing is left to refund: refunds already cover the whole payment at the gateway.';
    case 'payment_not_refundable':
      return `The payment is ${String(details.state ?? 'not paid')} at the gateway, so there is nothing to refund.`;
    case 'amount_below_minimum': {
      const minimum = money('minimumAmount');
      return minimum ? `The smallest refund is ${minimum}.` : error.message;
    }
    case 'reason_invalid':
      return 'ConvergeGate takes only these reasons: requested by customer, duplicate, fraudulent.';
    default:
      return error.message;
  }
}
