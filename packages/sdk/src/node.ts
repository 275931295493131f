/**
 * Raw-body helpers for Node servers. Typed structurally, so they need neither `@types/node` nor the
 * frameworks at build time; kept off the main entry so browser and edge bundles never see them.
 */
import { RefundkitSignatureError } from './errors.js';

/** A Node `IncomingMessage` (or any readable stream of chunks). */
export interface ReadableBody extends AsyncIterable<Uint8Array | string> {
  readonly readableEnded?: boolean;
}

export interface RawBodyOptions {
  /** Refuse bodies above this many bytes. Default 1 MiB: webhooks are small. */
  readonly limitBytes?: number;
}

const DEFAULT_LIMIT = 1024 * 1024;

function notRaw(message: string, code = 'raw_body_unavailable'): RefundkitSignatureError {
  return new RefundkitSignatureError({ message, type: 'signature_error', code });
}

/** The exact bytes of a Node request: `await rawBody(req)` in a plain `http.createServer` handler. */
export async function rawBody(req: ReadableBody, options: RawBodyOptions = {}): Promise<Uint8Array> {
  if (req.readableEnded) {
    throw notRaw(
      'The request body was already read (by a body parser?): read the raw body before parsing it.',
    );
  }
  const limit = options.limitBytes ?? DEFAULT_LIMIT;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const encoder = new TextEncoder();
  for await (const chunk of req) {
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    size += bytes.length;
    if (size > limit) throw notRaw(`The request body is larger than ${limit} bytes.`, 'raw_body_too_large');
    chunks.push(bytes);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/**
 * The raw body behind `express.raw({ type: 'application/json' })` on the webhook route, which leaves a
 * Buffer in `req.body`. Throws when a JSON parser got there first (the bytes are gone by then).
 */
export function expressRawBody(req: { readonly body?: unknown }): Uint8Array {
  if (req.body instanceof Uint8Array) return req.body;
  throw notRaw(
    'req.body is not a Buffer: mount express.raw({ type: "application/json" }) on the webhook route, before express.json().',
  );
}

type ParserDone = (error: Error | null, body?: unknown) => void;

/** The slice of a Fastify instance the parser recipe uses. */
export interface FastifyLike {
  hasContentTypeParser(contentType: string): boolean;
  removeContentTypeParser(contentType: string | string[]): unknown;
  addContentTypeParser(
    contentType: string | string[],
    options: { parseAs: 'buffer'; bodyLimit?: number },
    parser: (request: unknown, body: Uint8Array, done: ParserDone) => void,
  ): unknown;
}

/**
 * Makes JSON bodies arrive as Buffers in this Fastify scope: register the webhook route inside a plugin
 * (`app.register(async (scope) => { fastifyRawBody(scope); scope.post(...) })`) so other routes keep
 * parsed JSON. `req.body` is then the exact bytes to verify.
 */
export function fastifyRawBody(
  scope: FastifyLike,
  options: RawBodyOptions & { contentTypes?: readonly string[] } = {},
): void {
  const types = [...(options.contentTypes ?? ['application/json'])];
  for (const type of types) if (scope.hasContentTypeParser(type)) scope.removeContentTypeParser(type);
  scope.addContentTypeParser(
    types,
    { parseAs: 'buffer', bodyLimit: options.limitBytes ?? DEFAULT_LIMIT },
    (_request, body, done) => done(null, body),
  );
}
