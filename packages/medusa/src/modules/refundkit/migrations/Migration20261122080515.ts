import { Migration } from '@medusajs/framework/mikro-orm/migrations';

export class Migration20261122080515 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table if exists "refundkit_refund" drop constraint if exists "refundkit_refund_gateway_refund_id_unique";`,
    );
    this.addSql(
      `create table if not exists "refundkit_refund" ("id" text not null, "gateway_refund_id" text not null, "session_id" text not null, "payment_id" text not null, "medusa_refund_id" text null, "order_id" text null, "amount" integer not null, "currency_code" text not null, "status" text check ("status" in ('pending', 'requires_action', 'succeeded', 'failed', 'canceled')) not null default 'pending', "reason" text null, "failure_reason" text null, "idempotency_key" text not null, "history" jsonb not null default '{"entries":[]}', "synced_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "refundkit_refund_pkey" primary key ("id"));`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_refundkit_refund_deleted_at" ON "refundkit_refund" ("deleted_at") WHERE deleted_at IS NULL;`,
    );
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_refundkit_refund_gateway_refund_id_unique" ON "refundkit_refund" ("gateway_refund_id") WHERE deleted_at IS NULL;`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_refundkit_refund_order_id" ON "refundkit_refund" ("order_id") WHERE deleted_at IS NULL;`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_refundkit_refund_payment_id" ON "refundkit_refund" ("payment_id") WHERE deleted_at IS NULL;`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_refundkit_refund_status" ON "refundkit_refund" ("status") WHERE deleted_at IS NULL;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "refundkit_refund" cascade;`);
  }
}
