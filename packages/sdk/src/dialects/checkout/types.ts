/** A Checkout refund as `GET /api/refunds/{id}` returns it. */
export interface CheckoutRefund {
  readonly id: string;
  readonly checkoutId: string;
  readonly amount: number;
  readonly currency: string;
  readonly status: 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';
  readonly reason: 'requested_by_customer' | 'duplicate' | 'fraudulent' | 'other' | null;
  readonly reasonText: string | null;
  readonly metadata: Readonly<Record<string, string>>;
  readonly failureReason: string | null;
  readonly livemode: boolean;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The 202 answer to `POST /api/checkouts/{id}/refund`: "successful" means accepted. */
export interface CheckoutRefundAccepted {
  readonly id: string;
  readonly refundId: string;
  readonly message: string;
  readonly status: 'successful';
}

export interface CheckoutEvent {
  readonly id: string;
  readonly type: string;
  readonly createdAt: string;
  readonly livemode: boolean;
  readonly data: Record<string, unknown>;
}
