/**
 * The largest request body the server reads, in bytes (Fastify's default, 1 MiB, named so clients and
 * test generators can size to it). A longer body is refused with 413 `body_too_large` before it is
 * parsed, and the connection is closed: the server does not read the rest of what it refused.
 */
export const BODY_LIMIT_BYTES = 1_048_576;
