import type { Dialect } from './dialect.js';
import { RefundError } from './errors.js';

// Active ISO 4217 codes grouped by exponent (minor-unit digits). Kept as strings because the table is
// the bulk of core's bundle and this shape gzips to a fraction of an object literal.
const BY_EXPONENT: readonly (readonly [number, string])[] = [
  [0, 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF'],
  [
    2,
    'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF ' +
      'CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD ' +
      'HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT ' +
      'MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR ' +
      'SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU ' +
      'UZS VED VES WST XCD XCG YER ZAR ZMW ZWG',
  ],
  [3, 'BHD IQD JOD KWD LYD OMR TND'],
  [4, 'CLF UYW'],
];

/** Currency code (upper case) -> ISO 4217 exponent. */
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(BY_EXPONENT.flatMap(([exp, codes]) => codes.split(' ').map((code) => [code, exp]))),
);

/**
 * Where a gateway disagrees with ISO 4217, its amounts follow the gateway. Stripe counts ISK in
 * hundredths (for backwards compatibility) and MGA in whole units.
 */
export const CURRENCY_OVERRIDES: Readonly<Record<Dialect, Readonly<Record<string, number>>>> = {
  convergegate: {},
  stripe: { ISK: 2, MGA: 0 },
  checkout: {},
};

export function isCurrency(code: unknown): code is string {
  // ASCII only: "uſd".toUpperCase() is "USD", and a code must be spelled, not case-folded, into the table.
  return typeof code === 'string' && /^[a-z]{3}$/i.test(code) && code.toUpperCase() in CURRENCY_EXPONENTS;
}

/** Upper-cases and checks a code; gateways send `pln` and `PLN` alike. Throws `currency_invalid`. */
export function normalizeCurrency(code: unknown, param = 'currency'): string {
  if (!isCurrency(code)) {
    throw new RefundError('currency_invalid', `Unknown or inactive currency: ${String(code)}.`, { param });
  }
  return code.toUpperCase();
}

/** Minor-unit digits of a currency, with the dialect's override when it has one. */
export function currencyExponent(code: string, dialect?: Dialect): number {
  const upper = normalizeCurrency(code);
  const override = dialect ? CURRENCY_OVERRIDES[dialect][upper] : undefined;
  return override ?? (CURRENCY_EXPONENTS[upper] as number);
}
