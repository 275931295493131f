import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';

/**
 * A Fastify instance whose routes read their request's body, query and params types from their
 * JSON schemas (`as const` objects), so a handler needs no cast and cannot drift from what is validated.
 */
export type TypedApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  JsonSchemaToTsProvider
>;

/** The same instance, its routes typed from their schemas (no change at run time). */
export const typed = (app: FastifyInstance): TypedApp => app.withTypeProvider<JsonSchemaToTsProvider>();
