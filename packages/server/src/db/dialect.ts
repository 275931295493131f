import {
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
} from 'kysely';

/** Kysely's Postgres dialect (its SQL, adapter and introspection) on a driver of ours. */
export const postgresDialect = (createDriver: () => Driver): Dialect => ({
  createAdapter: (): DialectAdapter => new PostgresAdapter(),
  createDriver,
  createIntrospector: (db: Kysely<unknown>): DatabaseIntrospector => new PostgresIntrospector(db),
  createQueryCompiler: (): QueryCompiler => new PostgresQueryCompiler(),
});
