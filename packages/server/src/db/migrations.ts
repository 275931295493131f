import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';

// Migrations live in code (not files read at run time) so the bundled dist carries them.
const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('accounts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('api_keys')
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('livemode', 'boolean', (c) => c.notNull())
      .addColumn('hint', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('payments')
      .addColumn('seq', 'bigserial', (c) => c.notNull().unique())
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('dialect', 'text', (c) => c.notNull())
      .addColumn('livemode', 'boolean', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('amount', 'bigint', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('captured', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('amount_refunded', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('captured_at', 'bigint')
      .addColumn('expires_at', 'bigint')
      .addColumn('data', 'jsonb', (c) => c.notNull())
      .addColumn('metadata', 'jsonb', (c) => c.notNull())
      .addColumn('notification_url', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addCheckConstraint('payments_refund_cap', sql`amount_refunded >= 0 and amount_refunded <= captured`)
      .execute();
    await db.schema
      .createIndex('payments_list')
      .on('payments')
      .columns(['account_id', 'livemode', 'dialect', 'seq'])
      .execute();
    await db.schema
      .createTable('refunds')
      .addColumn('seq', 'bigserial', (c) => c.notNull().unique())
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('payment_id', 'text', (c) => c.notNull().references('payments.id'))
      .addColumn('dialect', 'text', (c) => c.notNull())
      .addColumn('livemode', 'boolean', (c) => c.notNull())
      .addColumn('amount', 'bigint', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('reason_text', 'text')
      .addColumn('metadata', 'jsonb', (c) => c.notNull())
      .addColumn('failure_reason', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('refunds_payment').on('refunds').columns(['payment_id', 'seq']).execute();
    await db.schema
      .createIndex('refunds_list')
      .on('refunds')
      .columns(['account_id', 'livemode', 'dialect', 'seq'])
      .execute();
    await db.schema
      .createTable('idempotency_keys')
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('livemode', 'boolean', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('status_code', 'integer')
      .addColumn('response', 'text')
      .addColumn('locked_until', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('idempotency_keys_pk', ['account_id', 'livemode', 'key'])
      .execute();
    await db.schema.createIndex('idempotency_expiry').on('idempotency_keys').column('expires_at').execute();
    await db.schema
      .createTable('events')
      .addColumn('seq', 'bigserial', (c) => c.notNull().unique())
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('livemode', 'boolean', (c) => c.notNull())
      .addColumn('dialect', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('object_id', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('events_object').on('events').columns(['object_id', 'seq']).execute();
    await db.schema
      .createTable('deliveries')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
      .addColumn('last_status_code', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('deliveries_due')
      .on('deliveries')
      .columns(['next_attempt_at'])
      .where(sql.ref('status'), '=', 'pending')
      .execute();
    await db.schema
      .createTable('delivery_attempts')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('delivery_id', 'bigint', (c) => c.notNull().references('deliveries.id'))
      .addColumn('attempted_at', 'bigint', (c) => c.notNull())
      .addColumn('status_code', 'integer')
      .addColumn('error', 'text')
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('jobs')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('ref_id', 'text', (c) => c.notNull())
      .addColumn('run_at', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('jobs_due').on('jobs').column('run_at').execute();
  },
};

// The Stripe-compatible and Checkout dialects: customers with a balance, webhook endpoints with
// their own secrets, per-refund extras, and the endpoint deliveries fanned out from `events`.
const stripeCheckout: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('customers')
      .addColumn('seq', 'bigserial', (c) => c.notNull().unique())
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('livemode', 'boolean', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('name', 'text')
      .addColumn('balance', 'bigint', (c) => c.notNull())
      .addColumn('currency', 'text')
      .addColumn('metadata', 'jsonb', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('webhook_endpoints')
      .addColumn('seq', 'bigserial', (c) => c.notNull().unique())
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('livemode', 'boolean', (c) => c.notNull())
      .addColumn('dialect', 'text', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('enabled_events', 'jsonb', (c) => c.notNull())
      .addColumn('metadata', 'jsonb', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('refund_details')
      .addColumn('refund_id', 'text', (c) => c.primaryKey().references('refunds.id'))
      .addColumn('data', 'jsonb', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('event_fanouts')
      .addColumn('event_id', 'text', (c) => c.primaryKey().references('events.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('events_dialect').on('events').columns(['dialect', 'seq']).execute();
    await db.schema
      .createTable('endpoint_deliveries')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('endpoint_id', 'text', (c) => c.notNull())
      .addColumn('dialect', 'text', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
      .addColumn('last_status_code', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('endpoint_deliveries_due')
      .on('endpoint_deliveries')
      .columns(['next_attempt_at'])
      .where(sql.ref('status'), '=', 'pending')
      .execute();
  },
};

// Checkout's refund request carries the merchant's own reference (seed 003: "used to record
// additional details about the refund, often used to reconcile data with an external system").
const refundReference: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('refunds').addColumn('reference', 'text').execute();
  },
};

export const migrations: MigrationProvider = {
  async getMigrations() {
    return {
      '0001_initial': initial,
      '0002_stripe_checkout': stripeCheckout,
      '0003_refund_reference': refundReference,
    };
  },
};
