/**
 * Where the plugin's admin refund route leaves its marks on Medusa's refund row (`refund.metadata`),
 * which the provider reads back when Medusa calls it: the caller's idempotency key, sent to the
 * gateway as is, and the attempt's own id, by which the route finds the row it made among
 * concurrent ones.
 */
export const IDEMPOTENCY_KEY_FIELD = 'refundkit_idempotency_key';
export const ATTEMPT_FIELD = 'refundkit_attempt';
