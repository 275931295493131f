import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Scope, Services } from '../domain/context.js';
import { DomainError } from '../domain/errors.js';
import { claimKey, completeKey, type IdempotencyScope, releaseKey } from '../domain/idempotency.js';
import { transact } from '../domain/queued.js';
import { dialectPath, requestFingerprint } from './request-fingerprint.js';

export interface WriteResult {
  statusCode: number;
  body: unknown;
}

/** Who writes, where the dialect's routes are mounted on this listener, and how it answers errors. */
export interface WriteContext {
  scope: Scope;
  /** `/stripe` on the main port, `''` on the dialect's own port (and for ConvergeGate). */
  mount: string;
  renderError: (error: unknown) => { statusCode: number; body: unknown };
}

/**
 * Runs a POST: one transaction for the change, with the Idempotency-Key's stored response written
 * in that same transaction (so a committed change always has its replay). Refusals are stored too,
 * outside the transaction (they changed nothing); server errors free the key for a retry. Once it
 * has committed, the workers are woken for what the change queued.
 */
export async function runWrite(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  context: WriteContext,
  work: (trx: Transaction<Database>) => Promise<WriteResult>,
): Promise<FastifyReply> {
  const { scope, renderError } = context;
  const header = request.headers['idempotency-key'];
  let idem: IdempotencyScope | undefined;
  if (header !== undefined) {
    const key = Array.isArray(header) ? header[0] : header;
    if (!key || key.length > 255) {
      throw new DomainError(
        'invalid_request',
        'idempotency_key_invalid',
        'Idempotency-Key must be 1 to 255 characters.',
        'Idempotency-Key',
      );
    }
    idem = { accountId: scope.accountId, livemode: scope.livemode, key };
    const print = requestFingerprint({
      dialect: scope.dialect,
      method: request.method,
      path: dialectPath(request.url, context.mount),
      body: request.body,
    });
    const stored = await claimKey(services.db, idem, print, services.now());
    if (stored) {
      return reply
        .code(stored.statusCode)
        .header('idempotent-replayed', 'true')
        .type('application/json; charset=utf-8')
        .send(stored.body);
    }
  }
  let result: { statusCode: number; text: string };
  try {
    result = await transact(services, async (trx) => {
      const done = await work(trx);
      const text = JSON.stringify(done.body);
      if (idem) await completeKey(trx, idem, { statusCode: done.statusCode, body: text });
      return { statusCode: done.statusCode, text };
    });
  } catch (error) {
    if (idem) {
      const rendered = renderError(error);
      if (rendered.statusCode >= 500) await releaseKey(services.db, idem).catch(() => undefined);
      else
        await completeKey(services.db, idem, {
          statusCode: rendered.statusCode,
          body: JSON.stringify(rendered.body),
        });
    }
    throw error;
  }
  return reply.code(result.statusCode).type('application/json; charset=utf-8').send(result.text);
}

export const sendJson = (reply: FastifyReply, body: unknown, statusCode = 200): FastifyReply =>
  reply.code(statusCode).type('application/json; charset=utf-8').send(JSON.stringify(body));
