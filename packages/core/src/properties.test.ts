import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURRENCY_EXPONENTS, CURRENCY_OVERRIDES, currencyExponent } from './currency.js';
import { DIALECTS, type Dialect } from './dialect.js';
import { canonicalJson, fingerprint } from './fingerprint.js';
import { METADATA_LIMITS, mergeMetadata, validateMetadata } from './metadata.js';
import type { RefundHold } from './model.js';
import { formatMoney, parseAmount, toDecimalString } from './money.js';
import { checkRefund, heldAmount } from './policy.js';
import {
  advance,
  holdsFunds,
  isTerminal,
  REFUND_STATUSES,
  type RefundEvent,
  type RefundEventType,
  type RefundStatus,
  transition,
} from './status.js';

const RUNS = { numRuns: 1000 };
const EVENT_TYPES: readonly RefundEventType[] = [
  'succeed',
  'fail',
  'cancel',
  'require_action',
  'resume',
  'reverse',
];
const CURRENCIES = Object.keys(CURRENCY_EXPONENTS);
// Locales that write Latin digits, so their Intl output can be typed back into a form.
const LOCALES = [
  'en-US',
  'en-GB',
  'en-IN',
  'de-DE',
  'de-CH',
  'fr-FR',
  'pl-PL',
  'es-ES',
  'it-IT',
  'ja-JP',
  'pt-BR',
  'sv-SE',
];

const event = fc.constantFrom(...EVENT_TYPES).map((type): RefundEvent => ({ type }) as RefundEvent);
const amount = fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.maxSafeNat());

describe('the cap: refunds holding money never exceed the captured amount', () => {
  const step = fc.oneof(
    fc.record({
      kind: fc.constant('request' as const),
      // Omitted (= full), a share of the capture, or anything at all up to past it.
      amount: fc.option(fc.integer({ min: -5, max: 1_200_000 }), { nil: undefined }),
    }),
    fc.record({ kind: fc.constant('event' as const), index: fc.nat(), event }),
  );

  it('holds for any sequence of requests and outcomes, in every dialect', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom(...DIALECTS),
        fc.array(step, { maxLength: 40 }),
        (captured, dialect, steps) => {
          const payment = {
            amount: captured,
            currency: 'EUR',
            captured,
            state: 'succeeded' as const,
            capturedAt: 0,
          };
          const refunds: { amount: number; status: RefundStatus }[] = [];
          for (const s of steps) {
            if (s.kind === 'request') {
              const before = Math.max(0, captured - heldAmount(refunds));
              const result = checkRefund({
                payment,
                refunds,
                request: s.amount === undefined ? {} : { amount: s.amount },
                capabilities: dialect,
                now: 0,
              });
              if (result.ok) {
                expect(result.value.amount).toBeGreaterThan(0);
                expect(result.value.amount).toBeLessThanOrEqual(before);
                expect(result.value.remaining).toBe(before - result.value.amount);
                refunds.push({ amount: result.value.amount, status: 'pending' });
              }
            } else if (refunds.length > 0) {
              const refund = refunds[s.index % refunds.length] as RefundHold & { status: RefundStatus };
              const next = transition(refund.status, s.event);
              if (next.ok) refund.status = next.value;
            }
            expect(heldAmount(refunds)).toBeLessThanOrEqual(captured);
          }
          // Full-only dialects never leave money partly refunded.
          if (dialect === 'checkout') expect([0, captured]).toContain(heldAmount(refunds));
        },
      ),
      RUNS,
    );
  });
});

describe('the status machine', () => {
  it('no event sequence leaves a terminal status, except the succeeded -> failed reversal', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...REFUND_STATUSES),
        fc.array(event, { maxLength: 30 }),
        (start, events) => {
          let status: RefundStatus = start;
          for (const e of events) {
            const result = transition(status, e);
            if (!result.ok) {
              expect(result.error.code).toBe('invalid_transition');
              continue;
            }
            if (isTerminal(status)) {
              expect([status, e.type, result.value]).toEqual(['succeeded', 'reverse', 'failed']);
            }
            // Money is never taken back into a hold once released.
            if (!holdsFunds(status)) expect(holdsFunds(result.value)).toBe(false);
            status = result.value;
          }
        },
      ),
      RUNS,
    );
  });

  it('advance agrees with transition, and a reported status never leaves failed or canceled', () => {
    const status = fc.constantFrom(...REFUND_STATUSES);
    fc.assert(
      fc.property(status, fc.array(status, { maxLength: 30 }), (start, reports) => {
        let current: RefundStatus = start;
        for (const to of reports) {
          const result = advance(current, to);
          const byEvent = EVENT_TYPES.some((type) => {
            const t = transition(current, { type } as RefundEvent);
            return t.ok && t.value === to;
          });
          expect(result.ok).toBe(current === to || byEvent);
          if (current === 'failed' || current === 'canceled') expect(result.ok).toBe(current === to);
          if (result.ok) current = result.value.status;
        }
      }),
      RUNS,
    );
  });
});

describe('money round trips', () => {
  const currency = fc.constantFrom(...CURRENCIES);

  it('parseAmount(toDecimalString(x)) is x for every currency in the table', () => {
    fc.assert(
      fc.property(currency, amount, (code, x) => {
        expect(parseAmount(toDecimalString(x, code), code)).toBe(x);
        expect(parseAmount(toDecimalString(x, code.toLowerCase()), code.toLowerCase())).toBe(x);
      }),
      RUNS,
    );
  });

  it('round-trips under every dialect’s overrides', () => {
    const overridden = DIALECTS.flatMap((dialect) =>
      Object.keys(CURRENCY_OVERRIDES[dialect]).map((code) => [dialect, code] as [Dialect, string]),
    );
    fc.assert(
      fc.property(fc.constantFrom(...overridden), amount, ([dialect, code], x) => {
        const text = toDecimalString(x, code, { dialect });
        expect(parseAmount(text, code, { dialect })).toBe(x);
      }),
      RUNS,
    );
  });

  it('reads back what Intl writes in the locale (Latin-digit locales)', () => {
    fc.assert(
      fc.property(currency, fc.constantFrom(...LOCALES), amount, (code, locale, x) => {
        const exp = currencyExponent(code);
        const plain = new Intl.NumberFormat(locale, {
          minimumFractionDigits: exp,
          maximumFractionDigits: exp,
        });
        const text = plain.format(toDecimalString(x, code) as unknown as number);
        expect(parseAmount(text, code, { locale })).toBe(x);
        // formatMoney's output too, once the currency code is taken off.
        const shown = formatMoney(x, code, { locale, currencyDisplay: 'code' }).replace(code, '').trim();
        expect(parseAmount(shown, code, { locale })).toBe(x);
      }),
      RUNS,
    );
  });
});

describe('metadata merge', () => {
  const key = fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !/[[\]]/.test(k));
  const value = fc.oneof(fc.string({ maxLength: 6 }), fc.constant(''), fc.constant(null));

  it('unsets empty values, sets the rest, keeps other keys, and never passes the limits', () => {
    fc.assert(
      fc.property(
        fc.dictionary(key, fc.string({ minLength: 1, maxLength: 6 }), { maxKeys: 60 }),
        fc.dictionary(key, value, { maxKeys: 60 }),
        (current, patch) => {
          const result = mergeMetadata(current, patch);
          if (!result.ok) {
            expect(result.error.code).toBe('metadata_invalid');
            return;
          }
          const merged = result.value;
          expect(validateMetadata(merged).ok).toBe(true);
          expect(Object.keys(merged).length).toBeLessThanOrEqual(METADATA_LIMITS.maxKeys);
          for (const [k, v] of Object.entries(patch)) {
            if (v === '' || v === null) expect(Object.hasOwn(merged, k)).toBe(false);
            else expect(merged[k]).toBe(v);
          }
          for (const [k, v] of Object.entries(current)) {
            if (!Object.hasOwn(patch, k)) expect(merged[k]).toBe(v);
          }
        },
      ),
      RUNS,
    );
  });
});

describe('fingerprint', () => {
  // Rebuilds objects with their keys in another order, at every depth.
  const reorder = (value: unknown, seed: number): unknown => {
    if (Array.isArray(value)) return value.map((item, i) => reorder(item, seed + i));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    const shift = entries.length ? seed % entries.length : 0;
    const rotated = [...entries.slice(shift), ...entries.slice(0, shift)].reverse();
    return Object.fromEntries(rotated.map(([k, v], i) => [k, reorder(v, seed + i + 1)]));
  };

  it('ignores key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.nat(), (value, seed) => {
        expect(fingerprint(reorder(value, seed))).toBe(fingerprint(value));
      }),
      RUNS,
    );
  });

  it('changes when any value changes', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue(), { minKeys: 1 }),
        fc.nat(),
        fc.jsonValue(),
        (value, pick, replacement) => {
          const keys = Object.keys(value);
          const key = keys[pick % keys.length] as string;
          fc.pre(canonicalJson(value[key]) !== canonicalJson(replacement));
          const changed = Object.fromEntries(
            Object.entries(value).map(([k, v]) => [k, k === key ? replacement : v]),
          );
          expect(fingerprint(changed)).not.toBe(fingerprint(value));
        },
      ),
      RUNS,
    );
  });

  it('changes when a key is added or removed', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue(), { minKeys: 1 }), fc.nat(), (value, pick) => {
        const keys = Object.keys(value);
        const key = keys[pick % keys.length] as string;
        const without = Object.fromEntries(Object.entries(value).filter(([k]) => k !== key));
        expect(fingerprint(without)).not.toBe(fingerprint(value));
      }),
      RUNS,
    );
  });
});
