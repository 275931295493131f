import { BODY_LIMIT_BYTES } from '@refundkit/server';
import fc from 'fast-check';
import { type Endpoint, type Fixture, fillPath, type Surface } from './surface.js';

/** One malformed request: what was broken, and the exact bytes to send. */
export interface BadRequest {
  endpoint: string;
  what: string;
  method: Endpoint['method'];
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

type Fields = Record<string, unknown>;

// Strings that can never be integers to the server (form fields that are digits become numbers).
const notDigits = fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => !/^\s*[-+]?\d+\s*$/.test(s));
const anyUnicode = fc.string({ unit: 'binary', minLength: 1, maxLength: 40 });

/** Values an integer field must refuse: wrong types, 0, negatives, fractions, beyond 2^53. */
const badInteger = fc.oneof(
  fc.constantFrom(0, -1, -0, 1e20, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308),
  fc.integer({ max: 0 }),
  fc.double({ min: -1e9, max: 1e9, noNaN: true }).filter((x) => !Number.isInteger(x)),
  notDigits,
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { minLength: 1, maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { minKeys: 1, maxKeys: 2 }),
);

/** Values a string field must refuse by type. */
const badStringType = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { minLength: 1, maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { minKeys: 1, maxKeys: 2 }),
);

/** Values of the wrong JSON type for a field of each kind. */
const badBoolean = fc.oneof(
  fc.integer(),
  fc.constant(null),
  fc.array(fc.boolean(), { minLength: 1, maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.boolean(), { minKeys: 1, maxKeys: 2 }),
  fc.string().filter((s) => s !== 'true' && s !== 'false'),
);
const badArray = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.string(),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { minKeys: 1, maxKeys: 2 }),
);
const badObject = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.string({ minLength: 1 }),
  fc.array(fc.string(), { minLength: 1, maxLength: 3 }),
);
const BAD_BY_KIND = { boolean: badBoolean, array: badArray, object: badObject } as const;

/** Metadata over a limit or of the wrong shape (a form turns every leaf into text, so fewer there). */
const badMetadata = (form: boolean) =>
  fc.oneof(
    fc.constant(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']))),
    fc.stringMatching(/^[a-z]{41,60}$/).map((key) => ({ [key]: 'v' })),
    fc.string({ minLength: 501, maxLength: 700 }).map((value) => ({ note: value })),
    fc.constant({ note: { nested: 'x' } }),
    fc.constant({ 'a[b]': 'v' }),
    fc.constant('metadata'),
    ...(form
      ? []
      : [fc.constant({ count: 5 }), fc.constant({ flag: true }), fc.constant([]), fc.constant(null)]),
  );

/** Per field, values that break it beyond its type (enums, patterns, lengths). */
const constrained: Record<string, fc.Arbitrary<unknown>> = {
  currency: fc.oneof(anyUnicode, fc.string()).filter((s) => !/^[a-zA-Z]{3}$/.test(s)),
  reason: fc.oneof(anyUnicode, fc.constantFrom('duplicate', 'other', 'REQUESTED_BY_CUSTOMER', '')),
  blik_code: fc
    .oneof(anyUnicode, fc.constantFrom('12345', '1234567', '١٢٣٤٥٦', '12 456', ''))
    .filter((s) => !/^[0-9]{6}$/.test(s)),
  // NUL cannot be stored in Postgres text: a server must refuse it, not fail on it.
  session_id: fc.oneof(
    anyUnicode,
    fc.string({ minLength: 256, maxLength: 400 }),
    fc.constantFrom('', 'a\u0000b'),
  ),
  notification_url: fc
    .oneof(anyUnicode, fc.constant('ftp://x'), fc.constant('javascript:alert(1)'))
    .filter((s) => !/^https?:\/\//.test(s)),
  expires_at: fc.oneof(badInteger, fc.integer({ min: 1, max: 1_000_000_000 })),
  customer_email: fc.constantFrom('no-at-sign', 'a@b@c', 'a b@c', '@', ''),
  customer_firstname: fc.constantFrom('', 'x'.repeat(201)),
  success_url: fc.constant('x'.repeat(2049)),
  amount: badInteger,
  limit: fc.oneof(
    fc.constantFrom('0', '101', '-1', '1.5', 'abc', '99999999999999999999', ''),
    anyUnicode.filter((s) => !/^\s*[-+]?\d+\s*$/.test(s)),
  ),
  starting_after: anyUnicode,
  payment_method: fc.oneof(fc.constant(['card']), fc.constant(Array(6).fill('blik')), fc.constant('paypal')),
};

const integerFields = new Set(['amount', 'expires_at']);

/** The form encoding the server reads (brackets for objects and lists). */
export function encodeForm(fields: Fields): string {
  const parts: string[] = [];
  const add = (key: string, value: unknown): void => {
    if (value === undefined) return;
    if (value === null) {
      parts.push(`${encodeURIComponent(key)}=`);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => {
        add(`${key}[${i}]`, v);
      });
    } else if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) add(`${key}[${k}]`, v);
    } else {
      parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
    }
  };
  for (const [key, value] of Object.entries(fields)) add(key, value);
  return parts.join('&');
}

type Mutation = { what: string; fields: Fields };

const isEmptyContainer = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && Object.keys(value).length === 0;

/** A body with exactly one thing wrong that the schema or the rules must refuse. */
function badFields(base: Fields, form: boolean, endpoint: Endpoint): fc.Arbitrary<Mutation> {
  const required = endpoint.required ?? [];
  const breaks = { ...constrained, ...endpoint.breaks };
  const keys = Object.keys(base);
  const fieldNames = [...new Set([...keys, ...Object.keys(breaks).filter((k) => k in base)])];
  const wrongType = (key: string) => {
    const kind = endpoint.kinds?.[key];
    return kind ? BAD_BY_KIND[kind] : integerFields.has(key) ? badInteger : badStringType;
  };
  const choices: fc.Arbitrary<Mutation>[] = [
    // An unknown parameter.
    // A parameter no endpoint has (prefixed, so it never names a real one; forms get plain values,
    // as an empty list or object would vanish from a form).
    fc
      .tuple(
        fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !/[[\]]/.test(k)),
        form ? fc.oneof(fc.string({ minLength: 1 }), fc.integer(), fc.boolean()) : fc.jsonValue(),
      )
      .map(([key, value]) => ({
        what: `unknown field ${JSON.stringify(`x_${key}`)}`,
        fields: { ...base, [`x_${key}`]: value ?? 'x' },
      })),
    badMetadata(form).map((metadata) => ({ what: 'bad metadata', fields: { ...base, metadata } })),
  ];
  if (required.length > 0) {
    choices.push(
      fc.constantFrom(...required).map((key) => {
        const { [key]: _dropped, ...rest } = base;
        return { what: `without ${key}`, fields: rest };
      }),
    );
  }
  if (!form && fieldNames.length > 0) {
    // JSON has types: a string where a number belongs and the reverse.
    choices.push(
      fc.constantFrom(...fieldNames).chain((key) =>
        wrongType(key).map((value) => ({
          what: `${key} of the wrong type`,
          fields: { ...base, [key]: value },
        })),
      ),
    );
  }
  // Fields the endpoint names as breakable may be absent from the valid body (optional ones).
  const breakable = [...new Set([...fieldNames, ...Object.keys(endpoint.breaks ?? {})])].filter(
    (k) => breaks[k],
  );
  if (breakable.length > 0) {
    // A form cannot send an empty list or object: the field would just be absent.
    choices.push(
      fc.constantFrom(...breakable).chain((key) =>
        breaks[key]!.filter((value) => !form || !isEmptyContainer(value)).map((value) => ({
          what: `bad ${key}`,
          fields: { ...base, [key]: value },
        })),
      ),
    );
  }
  // A refund's amount, present or optional: out of range, fractional, not a number.
  if ('session_id' in base || 'amount' in base) {
    choices.push(
      (form
        ? fc.oneof(notDigits, fc.constantFrom('0', '-5', '1.5', '99999999999999999999', '9007199254740993'))
        : badInteger
      ).map((amount) => ({ what: 'bad amount', fields: { ...base, amount } })),
    );
  }
  return fc.oneof(...choices);
}

const INVALID_UTF8 = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]);

/** What an oversized case's `what` starts with: the one class the server may cut off. */
export const OVERSIZED = 'oversized body';

const DEEP_OPENERS = ['{"a":', '['] as const;
const CLOSER = { '{"a":': '}', '[': ']' } as const;

/** The deepest nesting of `open` after `prefix` whose whole body fits within the server's limit. */
export function deepestFitting(prefix: string, open: (typeof DEEP_OPENERS)[number]): number {
  // prefix + depth × (opener + closer) + the innermost `1` + the final `}`.
  const fixed = Buffer.byteLength(prefix) + 2;
  return Math.floor((BODY_LIMIT_BYTES - fixed) / (open.length + CLOSER[open].length));
}

/** Bytes that break the encoding itself; always on a body that is also invalid, so nothing can pass. */
export function brokenEncoding(
  base: Fields,
): fc.Arbitrary<{ what: string; contentType: string; body: Buffer }> {
  const invalid = { ...base, __unknown__: 1 };
  const json = JSON.stringify(invalid);
  return fc.oneof(
    fc.integer({ min: 1, max: json.length - 1 }).map((cut) => ({
      what: 'truncated JSON',
      contentType: 'application/json',
      body: Buffer.from(json.slice(0, cut)),
    })),
    fc
      .constantFrom('[]', '"text"', '123', 'null', 'true', '{', '}', '', '{"a":}', "{'a':1}", 'NaN')
      .map((text) => ({
        what: `JSON ${JSON.stringify(text)}`,
        contentType: 'application/json',
        body: Buffer.from(text),
      })),
    fc.constant(null).map(() => ({
      what: 'invalid UTF-8 in JSON',
      contentType: 'application/json',
      body: Buffer.concat([
        Buffer.from(json.slice(0, -1)),
        Buffer.from(',"x":"'),
        INVALID_UTF8,
        Buffer.from('"}'),
      ]),
    })),
    fc.constant(null).map(() => ({
      what: 'invalid UTF-8 in a form',
      contentType: 'application/x-www-form-urlencoded',
      body: Buffer.concat([Buffer.from(`${encodeForm(invalid)}&x=`), INVALID_UTF8]),
    })),
    fc
      .constantFrom('%zz', '%', '%E0%A4%A', '%FF%FE', 'a[b][c][d][e]=1', '&&&===', 'metadata[=1')
      .map((tail) => ({
        what: `form ${tail}`,
        contentType: 'application/x-www-form-urlencoded',
        body: Buffer.from(`${encodeForm(invalid)}&${tail}`),
      })),
    fc
      .constantFrom(
        'text/plain',
        'application/xml',
        'multipart/form-data',
        'application/json; charset=utf-16',
        'application/x-www-form-urlencoded; charset=latin1',
        'application/octet-stream',
        '',
      )
      .map((contentType) => ({
        what: `content-type "${contentType}"`,
        contentType,
        body: Buffer.from(json),
      })),
    fc.constant(null).map(() => ({
      what: 'UTF-8 BOM',
      contentType: 'application/json',
      body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]),
    })),
    // Nested deeper than any schema, within the size limit (up to the deepest that fits it exactly):
    // walked without recursion, then refused as a bad body, never cut off.
    ...DEEP_OPENERS.map((open) => {
      const prefix = `${json.slice(0, -1)},"metadata":`;
      const deepest = deepestFitting(prefix, open);
      return fc
        .oneof(fc.constantFrom(1_000, deepest), fc.integer({ min: 1_000, max: deepest }))
        .map((depth) => ({
          what: `JSON nested ${depth} deep`,
          contentType: 'application/json',
          body: Buffer.from(`${prefix}${open.repeat(depth)}1${CLOSER[open].repeat(depth)}}`),
        }));
    }),
    // Over the server's body limit: refused before it is parsed (413, or the connection closed
    // while the rest is still being sent). From one byte over the limit to about twice it.
    fc
      .oneof(
        fc.constantFrom(BODY_LIMIT_BYTES + 1, 2 * BODY_LIMIT_BYTES),
        fc.integer({ min: BODY_LIMIT_BYTES + 1, max: 2 * BODY_LIMIT_BYTES }),
      )
      .map((size) => {
        const head = Buffer.from(JSON.stringify({ ...invalid, metadata: { note: '' } }));
        const pad = 'x'.repeat(Math.max(0, size - head.length));
        const body = Buffer.from(JSON.stringify({ ...invalid, metadata: { note: pad } }));
        return { what: `${OVERSIZED} (${body.length} bytes)`, contentType: 'application/json', body };
      }),
  );
}

const pathId = fc.oneof(
  anyUnicode.map((s) => encodeURIComponent(s)),
  fc.string({ minLength: 256, maxLength: 600 }).map((s) => encodeURIComponent(s)),
  fc.constantFrom('%FF%FE', '%E0%A4%A', '..%2F..%2Fetc%2Fpasswd', '%00', '%20', 'null', 'undefined', '0'),
);

/** Malformed requests for one endpoint. `fixture` objects exist, in the key's mode. */
export function badRequests(endpoint: Endpoint, fixture: Fixture, auth: string): fc.Arbitrary<BadRequest> {
  // One bad id replaces every placeholder of the path.
  const fill = (id?: string) =>
    fillPath(
      endpoint.path,
      fixture,
      id === undefined
        ? {}
        : Object.fromEntries([...endpoint.path.matchAll(/:([a-z]+)/g)].map((m) => [m[1]!, id])),
    );
  const base = { endpoint: endpoint.name, method: endpoint.method };
  const headers = (extra: Record<string, string> = {}) => ({ authorization: auth, ...extra });
  const variants: fc.Arbitrary<BadRequest>[] = [];
  const hasId = endpoint.path.includes(':');
  if (hasId) {
    // An id that does not exist or cannot be one (with an otherwise valid request).
    variants.push(
      pathId.map((id) => {
        const body = endpoint.body?.(fixture);
        const query = endpoint.query ? `?${new URLSearchParams(endpoint.query(fixture))}` : '';
        return {
          ...base,
          what: 'bad id in the path',
          path: fill(id) + query,
          headers: headers(body ? { 'content-type': 'application/json' } : {}),
          ...(body ? { body: Buffer.from(JSON.stringify(body)) } : {}),
        };
      }),
    );
  }
  // An API endpoint without query parameters still refuses unknown ones (a public page may not:
  // browsers and campaigns add their own, such as utm_source).
  const query = endpoint.query ?? (endpoint.method !== 'POST' && !endpoint.public ? () => ({}) : undefined);
  if (query) {
    const valid = query(fixture);
    variants.push(
      badFields(valid, true, endpoint).map((m) => ({
        ...base,
        what: `query: ${m.what}`,
        path: `${fill()}?${encodeForm(m.fields)}`,
        headers: headers(),
      })),
    );
  }
  if (endpoint.body) {
    const valid = endpoint.body(fixture);
    for (const form of [false, true]) {
      variants.push(
        badFields(valid, form, endpoint).map((m) => ({
          ...base,
          what: `${form ? 'form' : 'JSON'}: ${m.what}`,
          path: fill(),
          headers: headers({
            'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json',
          }),
          body: Buffer.from(form ? encodeForm(m.fields) : JSON.stringify(m.fields)),
        })),
      );
    }
    variants.push(
      brokenEncoding(valid).map((e) => ({
        ...base,
        what: e.what,
        path: fill(),
        headers: headers(e.contentType ? { 'content-type': e.contentType } : {}),
        body: e.body,
      })),
    );
    // A valid body with an Idempotency-Key the server must refuse.
    variants.push(
      fc.constantFrom('', 'k'.repeat(256), 'k'.repeat(5000)).map((key) => ({
        ...base,
        what: `Idempotency-Key of ${key.length} characters`,
        path: fill(),
        headers: headers({ 'content-type': 'application/json', 'idempotency-key': key }),
        body: Buffer.from(JSON.stringify(valid)),
      })),
    );
  }
  return fc.oneof(...variants);
}

/** Malformed requests spread over every endpoint of every given dialect. */
export function badRequestsFor(surfaces: Surface[], fixtures: Map<Surface, Fixture>, auth: string) {
  return fc.oneof(
    ...surfaces.flatMap((surface) =>
      surface.endpoints.map((endpoint) => badRequests(endpoint, fixtures.get(surface)!, auth)),
    ),
  );
}
