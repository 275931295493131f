import type { ColumnType, Generated } from 'kysely';

// Times are Unix milliseconds in `bigint` columns (parsed to number by both drivers); objects
// show them to clients in seconds. Money is bigint minor units.
type Millis = number;
type Json<T> = ColumnType<T, string, string>;

export interface AccountsTable {
  id: string;
  created_at: Millis;
}

export interface ApiKeysTable {
  /** Lowercase hex SHA-256 of the secret key. Its raw bytes are also the webhook HMAC key. */
  hash: string;
  account_id: string;
  livemode: boolean;
  /** The first characters of the key, to tell keys apart in logs without revealing them. */
  hint: string;
  created_at: Millis;
}

export interface PaymentsTable {
  seq: Generated<number>;
  id: string;
  account_id: string;
  dialect: string;
  livemode: boolean;
  /** Core's PaymentState: requires_payment, succeeded, expired, … */
  state: string;
  amount: number;
  currency: string;
  captured: number;
  /** Sum of refunds holding money (pending, requires_action, succeeded). */
  amount_refunded: number;
  captured_at: Millis | null;
  expires_at: Millis | null;
  /** Dialect-specific fields (customer, URLs, locale, …) kept as the dialect sent them. */
  data: Json<Record<string, unknown>>;
  metadata: Json<Record<string, string>>;
  notification_url: string | null;
  created_at: Millis;
  updated_at: Millis;
}

export interface RefundsTable {
  seq: Generated<number>;
  id: string;
  account_id: string;
  payment_id: string;
  dialect: string;
  livemode: boolean;
  amount: number;
  currency: string;
  status: string;
  reason: string | null;
  reason_text: string | null;
  /** The merchant's own reference for this refund (Checkout), to reconcile with its systems. */
  reference: Generated<string | null>;
  metadata: Json<Record<string, string>>;
  failure_reason: string | null;
  created_at: Millis;
  updated_at: Millis;
}

export interface IdempotencyKeysTable {
  account_id: string;
  livemode: boolean;
  key: string;
  fingerprint: string;
  /** `running` while the first request is in flight, `done` once its response is stored. */
  state: string;
  status_code: number | null;
  response: string | null;
  /** A running key older than this is an abandoned request (its process died) and may be retried. */
  locked_until: Millis;
  created_at: Millis;
  expires_at: Millis;
}

export interface EventsTable {
  seq: Generated<number>;
  id: string;
  account_id: string;
  livemode: boolean;
  dialect: string;
  type: string;
  object_id: string;
  payload: string;
  created_at: Millis;
}

export interface DeliveriesTable {
  id: Generated<number>;
  event_id: string;
  url: string;
  /** pending, delivered, failed (gave up after the retry window). */
  status: string;
  attempts: number;
  next_attempt_at: Millis;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Millis;
  updated_at: Millis;
}

export interface DeliveryAttemptsTable {
  id: Generated<number>;
  delivery_id: number;
  attempted_at: Millis;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  ref_id: string;
  run_at: Millis;
  created_at: Millis;
}

export interface CustomersTable {
  seq: Generated<number>;
  id: string;
  account_id: string;
  livemode: boolean;
  email: string | null;
  name: string | null;
  /** Stripe's sign: negative is credit the customer holds (what `origin=customer_balance` refunds). */
  balance: number;
  currency: string | null;
  metadata: Json<Record<string, string>>;
  created_at: Millis;
}

export interface WebhookEndpointsTable {
  seq: Generated<number>;
  id: string;
  account_id: string;
  livemode: boolean;
  dialect: string;
  url: string;
  /** The endpoint's signing secret (`whsec_…`), shown to the client at creation. */
  secret: string;
  enabled_events: Json<string[]>;
  metadata: Json<Record<string, string>>;
  created_at: Millis;
}

export interface RefundDetailsTable {
  refund_id: string;
  /** Dialect extras fixed at creation: instructions_email, origin, customer, fee refund, transfer reversal. */
  data: Json<Record<string, unknown>>;
}

export interface EventFanoutsTable {
  event_id: string;
  created_at: Millis;
}

export interface EndpointDeliveriesTable {
  id: Generated<number>;
  event_id: string;
  endpoint_id: string;
  dialect: string;
  url: string;
  payload: string;
  status: string;
  attempts: number;
  next_attempt_at: Millis;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Millis;
  updated_at: Millis;
}

export interface Database {
  accounts: AccountsTable;
  api_keys: ApiKeysTable;
  payments: PaymentsTable;
  refunds: RefundsTable;
  idempotency_keys: IdempotencyKeysTable;
  events: EventsTable;
  deliveries: DeliveriesTable;
  delivery_attempts: DeliveryAttemptsTable;
  jobs: JobsTable;
  customers: CustomersTable;
  webhook_endpoints: WebhookEndpointsTable;
  refund_details: RefundDetailsTable;
  event_fanouts: EventFanoutsTable;
  endpoint_deliveries: EndpointDeliveriesTable;
}
