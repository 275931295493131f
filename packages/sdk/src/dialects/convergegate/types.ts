/** ConvergeGate's own objects, as they travel on the wire (snake_case, minor units, Unix seconds). */

export type ConvergeGateReason = 'requested_by_customer' | 'duplicated' | 'fraudulent';
export type ConvergeGateRefundStatus = 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';
export type CheckoutSessionStatus = 'open' | 'completed' | 'expired' | (string & {});

export interface ConvergeGateRefund {
  readonly id: string;
  readonly amount: number;
  /** Lower case (`pln`). */
  readonly currency: string;
  readonly session_id: string;
  readonly status: ConvergeGateRefundStatus;
  readonly reason: ConvergeGateReason | null;
  readonly metadata: Readonly<Record<string, string>>;
  readonly failure_reason: string | null;
  readonly created_at: number;
  readonly updated_at: number;
  readonly livemode: boolean;
}

export interface CheckoutSession {
  readonly id: string;
  readonly status: CheckoutSessionStatus;
  readonly amount_total: number;
  readonly amount_subtotal: number;
  /** The reference's other spelling of `amount_subtotal`. */
  readonly amount_sub_total?: number;
  readonly amount_refunded: number;
  /** Lower case, as ConvergeGate writes it (`pln`). */
  readonly currency: string;
  /** The hosted payment page. */
  readonly url: string;
  readonly success_url: string;
  readonly cancel_url: string;
  readonly notification_url: string;
  readonly customer_email: string;
  readonly customer_firstname: string;
  readonly customer_lastname: string;
  readonly customer_phone: string;
  readonly customer_ip: string;
  readonly customer_country: string;
  readonly payment_method_types: readonly string[];
  readonly locale: string;
  /** Unix seconds. */
  readonly expires_at: number | null;
  /** The reference's other spelling of `expires_at`. */
  readonly expire_at?: number | null;
  readonly metadata: Readonly<Record<string, string>>;
  readonly livemode: boolean;
  readonly created_at: number;
}

export interface CreateCheckoutSessionParams {
  /** Minor units. */
  readonly amount: number;
  /** ISO 4217, any case. */
  readonly currency: string;
  readonly customer_email: string;
  readonly customer_firstname: string;
  readonly customer_lastname: string;
  readonly success_url: string;
  readonly cancel_url?: string | undefined;
  readonly notification_url?: string | undefined;
  readonly customer_ip?: string | undefined;
  readonly customer_country?: string | undefined;
  readonly payment_method?: string | readonly string[] | undefined;
  /** Unix seconds; default on the server: 24 h after creation. */
  readonly expires_at?: number | undefined;
  readonly locale?: string | undefined;
  readonly metadata?: Readonly<Record<string, string>> | undefined;
}

export interface PayCheckoutSessionParams {
  /** The payer's 6-digit BLIK code. */
  readonly blik_code: string;
}

export interface ListCheckoutSessionsParams {
  readonly limit?: number | undefined;
  readonly starting_after?: string | undefined;
  /** Alias of `starting_after`. */
  readonly startingAfter?: string | undefined;
}

/** `{ object: 'list', data, has_more }`. */
export interface ConvergeGateList<T> {
  readonly object: 'list';
  readonly data: readonly T[];
  readonly has_more: boolean;
}

export type ConvergeGateEventType =
  | 'checkout.session.created'
  | 'checkout.session.completed'
  | 'checkout.session.expired'
  | 'refund.created'
  | 'refund.requires_action'
  | 'refund.succeeded'
  | 'refund.failed'
  | 'refund.canceled';

/** A webhook event as ConvergeGate sends it. */
export interface ConvergeGateEvent<T = CheckoutSession | ConvergeGateRefund> {
  /** `evt_…`, unique: receivers de-duplicate on it. */
  readonly id: string;
  readonly type: ConvergeGateEventType;
  readonly created_at: number;
  readonly livemode: boolean;
  readonly data: { readonly object: T };
}
