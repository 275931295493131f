import { type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { DatabaseConnection, Driver, TransactionSettings } from 'kysely';

/**
 * The server's spans go through `@opentelemetry/api` alone: without an SDK registered in the
 * process (`node --import ./otel.mjs`, see the README) the tracer is the API's no-op one, and a
 * span costs an object allocation.
 */
export const tracer = () => trace.getTracer('@refundkit/server');

export function failSpan(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : undefined });
}

/**
 * A Kysely driver whose transactions are spans: from BEGIN to COMMIT or ROLLBACK, children of the
 * context that opened them (the request, the webhook attempt). Statements are not spans of their
 * own: a refund is one statement, and the transaction is the unit that holds locks and time.
 */
export function tracedDriver(driver: Driver, system: { storage: 'pglite' | 'postgres' }): Driver {
  const open = new WeakMap<DatabaseConnection, Span>();
  const end = (connection: DatabaseConnection, outcome: 'commit' | 'rollback', error?: unknown) => {
    const span = open.get(connection);
    if (!span) return;
    open.delete(connection);
    span.setAttribute('refundkit.db.outcome', outcome);
    if (error !== undefined) failSpan(span, error);
    span.end();
  };
  const finish =
    (outcome: 'commit' | 'rollback', run: (connection: DatabaseConnection) => Promise<void>) =>
    async (connection: DatabaseConnection) => {
      try {
        await run(connection);
      } catch (error) {
        end(connection, outcome, error);
        throw error;
      }
      end(connection, outcome);
    };
  return {
    init: () => driver.init(),
    acquireConnection: () => driver.acquireConnection(),
    async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
      const span = tracer().startSpan('db transaction', {
        kind: SpanKind.CLIENT,
        attributes: {
          'db.system.name': 'postgresql',
          'db.operation.name': 'TRANSACTION',
          'refundkit.storage': system.storage,
        },
      });
      open.set(connection, span);
      try {
        await driver.beginTransaction(connection, settings);
      } catch (error) {
        end(connection, 'rollback', error);
        throw error;
      }
    },
    commitTransaction: finish('commit', (connection) => driver.commitTransaction(connection)),
    rollbackTransaction: finish('rollback', (connection) => driver.rollbackTransaction(connection)),
    releaseConnection: (connection) => driver.releaseConnection(connection),
    destroy: () => driver.destroy(),
  };
}
