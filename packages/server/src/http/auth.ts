import type { Dialect } from '@refundkit/core';
import type { FastifyRequest } from 'fastify';
import type { Scope } from '../domain/context.js';
import { DomainError } from '../domain/errors.js';
import type { KeyRing } from '../domain/keys.js';

/** The secret key from `Authorization: Basic base64(key:)` or `Authorization: Bearer key`. */
export function secretKeyFrom(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, value] = header.trim().split(/\s+/, 2);
  if (!scheme || !value) return undefined;
  if (scheme.toLowerCase() === 'bearer') return value;
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon === -1 ? decoded : decoded.slice(0, colon);
  }
  return undefined;
}

export function authenticate(request: FastifyRequest, keys: KeyRing, dialect: Dialect): Scope {
  const key = secretKeyFrom(request.headers.authorization);
  if (!key) {
    throw new DomainError(
      'authentication',
      'authentication_required',
      'No API key provided. Use HTTP Basic auth with your secret key as the user name, or Bearer.',
    );
  }
  const entry = keys.match(key);
  if (!entry) throw new DomainError('authentication', 'api_key_invalid', 'Invalid API key provided.');
  return { accountId: entry.accountId, livemode: entry.livemode, dialect };
}
