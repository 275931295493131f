import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeSignature, timingSafeEqual } from '../src/crypto.js';
import { errorClassFor } from '../src/errors.js';
import {
  encodeForm,
  firstPage,
  headerValue,
  newIdempotencyKey,
  parseRetryAfter,
  parseWebhook,
  RefundkitAPIError,
  RefundkitAuthenticationError,
  RefundkitIdempotencyError,
  RefundkitInvalidRequestError,
  RefundkitPermissionError,
  RefundkitRateLimitError,
  signWebhook,
  verifyWebhook,
} from '../src/index.js';
import { signatureCode } from './helpers.js';

// An independent reference for the scheme, with node:crypto: HMAC keyed by the raw SHA-256 digest.
function reference(secret: string, timestamp: string, body: string | Buffer): string {
  const key = createHash('sha256').update(secret, 'utf8').digest();
  return createHmac('sha256', key).update(timestamp).update(body).digest('hex');
}

const SECRET = 'sk_test_BQokikJOvBiI2HlWgH4olfQ2';

describe('encodeForm', () => {
  it('brackets nested hashes and lists, skips undefined, sends null empty', () => {
    expect(
      encodeForm({
        amount: 1000,
        session_id: 'AW-k L',
        reason: undefined,
        metadata: { order: '42', note: 'a&b=c ü' },
        payment_method: ['blik'],
        flag: true,
        cleared: null,
      }),
    ).toBe(
      'amount=1000&session_id=AW-k+L&metadata[order]=42&metadata[note]=a%26b%3Dc+%C3%BC&payment_method[]=blik&flag=true&cleared=',
    );
  });

  it('round-trips through URLSearchParams', () => {
    const parsed = new URLSearchParams(encodeForm({ metadata: { 'k y': 'v+1%' } }));
    expect(parsed.get('metadata[k y]')).toBe('v+1%');
  });
});

describe('headerValue', () => {
  it('reads fetch Headers, Node header objects and arrays case-insensitively', () => {
    expect(headerValue(new Headers({ 'Sec-Timestamp': '1' }), 'sec-timestamp')).toBe('1');
    expect(headerValue({ 'sec-signature': ['a', 'b'] }, 'Sec-Signature')).toBe('a');
    expect(headerValue({ 'Sec-Signature': 'x' }, 'sec-signature')).toBe('x');
    expect(headerValue({ 'sec-signature': [] }, 'sec-signature')).toBeNull();
    expect(headerValue({}, 'sec-timestamp')).toBeNull();
  });
});

describe('signature helpers', () => {
  it('decodes hex and base64 (standard and URL-safe) to the same bytes', () => {
    const hex = reference(SECRET, '1', 'x');
    const bytes = Buffer.from(hex, 'hex');
    expect(Buffer.from(decodeSignature(hex)!)).toEqual(bytes);
    expect(Buffer.from(decodeSignature(hex.toUpperCase())!)).toEqual(bytes);
    expect(Buffer.from(decodeSignature(bytes.toString('base64'))!)).toEqual(bytes);
    expect(Buffer.from(decodeSignature(bytes.toString('base64url'))!)).toEqual(bytes);
    expect(decodeSignature('not a signature!')).toBeNull();
  });

  it('compares whole arrays, any length', () => {
    expect(timingSafeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true);
    expect(timingSafeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
    expect(timingSafeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2]))).toBe(false);
    expect(timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([]))).toBe(false);
  });
});

describe('verifyWebhook (against node:crypto as reference)', () => {
  const body = JSON.stringify({
    id: 'evt_1',
    type: 'checkout.session.completed',
    data: { object: { id: 's' } },
  });
  const now = 1_900_000_000;
  const headers = (signature: string, timestamp = String(now)) => ({
    'sec-timestamp': timestamp,
    'sec-signature': signature,
  });

  it('accepts hex, base64 and a list containing the right one', async () => {
    const hex = reference(SECRET, String(now), body);
    const b64 = Buffer.from(hex, 'hex').toString('base64');
    await verifyWebhook(body, headers(hex), { secretKey: SECRET, nowSec: now });
    await verifyWebhook(Buffer.from(body), headers(b64), { secretKey: SECRET, nowSec: now });
    await verifyWebhook(new TextEncoder().encode(body).buffer, headers(`deadbeef, ${hex}`), {
      secretKey: SECRET,
      nowSec: now,
    });
  });

  it('signs exactly as the reference does', async () => {
    const signed = await signWebhook(body, { secretKey: SECRET, timestamp: now });
    expect(signed).toEqual({
      'Sec-Timestamp': String(now),
      'Sec-Signature': reference(SECRET, String(now), body),
    });
  });

  it('verifies bytes that are not UTF-8 as bytes', async () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x41]);
    const hex = reference(SECRET, String(now), bytes);
    await verifyWebhook(bytes, headers(hex), { secretKey: SECRET, nowSec: now });
  });

  it('names what failed', async () => {
    const hex = reference(SECRET, String(now), body);
    const opts = { secretKey: SECRET, nowSec: now };
    expect(await signatureCode(verifyWebhook(`${body} `, headers(hex), opts))).toBe('signature_mismatch');
    expect(
      await signatureCode(verifyWebhook(body, headers(hex), { ...opts, secretKey: 'sk_test_other' })),
    ).toBe('signature_mismatch');
    expect(await signatureCode(verifyWebhook(body, headers(hex), { ...opts, nowSec: now + 301 }))).toBe(
      'timestamp_outside_tolerance',
    );
    expect(await signatureCode(verifyWebhook(body, headers(hex), { ...opts, nowSec: now - 301 }))).toBe(
      'timestamp_outside_tolerance',
    );
    await verifyWebhook(body, headers(hex), { ...opts, nowSec: now + 300 });
    await verifyWebhook(body, headers(hex), {
      ...opts,
      nowSec: now + 10_000,
      toleranceSec: Number.POSITIVE_INFINITY,
    });
    expect(await signatureCode(verifyWebhook(body, { 'sec-signature': hex }, opts))).toBe(
      'timestamp_missing',
    );
    expect(await signatureCode(verifyWebhook(body, { 'sec-timestamp': String(now) }, opts))).toBe(
      'signature_missing',
    );
    expect(await signatureCode(verifyWebhook(body, headers(hex, '2026-11-22T08:00:00Z'), opts))).toBe(
      'timestamp_invalid',
    );
    // The timestamp is signed: moving it breaks the signature even inside the window.
    expect(await signatureCode(verifyWebhook(body, headers(hex, String(now + 1)), opts))).toBe(
      'signature_mismatch',
    );
    expect(await signatureCode(verifyWebhook(body, headers(hex.slice(0, 62)), opts))).toBe(
      'signature_mismatch',
    );
    expect(await signatureCode(verifyWebhook(body, headers(hex), { ...opts, secretKey: '' }))).toBe(
      'secret_key_missing',
    );
  });

  it('parses a verified body into an event and refuses a signed non-event', async () => {
    const hex = reference(SECRET, String(now), body);
    const event = await parseWebhook(body, headers(hex), { secretKey: SECRET, nowSec: now });
    expect(event.type).toBe('checkout.session.completed');
    expect(event.refund).toBeNull();
    const junk = 'not json';
    expect(
      await signatureCode(
        parseWebhook(junk, headers(reference(SECRET, String(now), junk)), { secretKey: SECRET, nowSec: now }),
      ),
    ).toBe('payload_invalid');
  });
});

describe('errors', () => {
  it('picks the class from status, then type', () => {
    expect(errorClassFor(401, null)).toBe(RefundkitAuthenticationError);
    expect(errorClassFor(403, 'invalid_request_error')).toBe(RefundkitPermissionError);
    expect(errorClassFor(409, null)).toBe(RefundkitIdempotencyError);
    expect(errorClassFor(422, 'idempotency_error')).toBe(RefundkitIdempotencyError);
    expect(errorClassFor(429, null)).toBe(RefundkitRateLimitError);
    expect(errorClassFor(503, 'invalid_request_error')).toBe(RefundkitAPIError);
    expect(errorClassFor(400, 'invalid_request_error')).toBe(RefundkitInvalidRequestError);
    expect(errorClassFor(404, null)).toBe(RefundkitInvalidRequestError);
    expect(errorClassFor(400, 'constructor')).toBe(RefundkitInvalidRequestError);
  });

  it('reads Retry-After as seconds or a date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(undefined)).toBeNull();
  });
});

describe('Page', () => {
  it('iterates every item of every page, fetching lazily from the last id', async () => {
    const items = Array.from({ length: 7 }, (_, i) => ({ id: `r${i}` }));
    const cursors: (string | undefined)[] = [];
    const fetcher = async (cursor: string | undefined) => {
      cursors.push(cursor);
      const start = cursor === undefined ? 0 : items.findIndex((i) => i.id === cursor) + 1;
      return { data: items.slice(start, start + 3), hasMore: start + 3 < items.length };
    };
    const page = await firstPage(fetcher, (i) => i.id);
    expect(page.data.map((i) => i.id)).toEqual(['r0', 'r1', 'r2']);
    expect(page.hasMore).toBe(true);
    const seen: string[] = [];
    for await (const item of page) seen.push(item.id);
    expect(seen).toEqual(items.map((i) => i.id));
    expect(cursors).toEqual([undefined, 'r2', 'r5']);
    const last = await (await page.next())!.next();
    expect(last!.hasMore).toBe(false);
    expect(await last!.next()).toBeNull();
  });
});

describe('newIdempotencyKey', () => {
  it('is a fresh UUID v4 each time', () => {
    const a = newIdempotencyKey();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newIdempotencyKey()).not.toBe(a);
  });
});
