import { describe, expect, it } from 'vitest';
import {
  CURRENCY_EXPONENTS,
  CURRENCY_OVERRIDES,
  currencyExponent,
  isCurrency,
  normalizeCurrency,
} from './currency.js';
import { RefundError } from './errors.js';
import { formatMoney, isMinorUnits, money, parseAmount, toDecimalString } from './money.js';

function thrown(fn: () => unknown): RefundError {
  try {
    fn();
  } catch (error) {
    if (error instanceof RefundError) return error;
    throw error;
  }
  throw new Error('expected a RefundError');
}

describe('currency table', () => {
  it.each([
    ['JPY', 0],
    ['KRW', 0],
    ['BHD', 3],
    ['KWD', 3],
    ['JOD', 3],
    ['OMR', 3],
    ['TND', 3],
    ['CLF', 4],
    ['USD', 2],
    ['EUR', 2],
    ['PLN', 2],
  ])('%s has %i minor-unit digits', (code, exp) => {
    expect(CURRENCY_EXPONENTS[code]).toBe(exp);
    expect(currencyExponent(code)).toBe(exp);
  });

  // The table in currency.ts is packed for size; this is the same table written out, so the packing
  // can be checked code by code (ISO 4217 list one, active codes that have a minor unit).
  const ISO_4217: Record<number, string> = {
    0: 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF',
    2:
      'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF ' +
      'CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD ' +
      'HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT ' +
      'MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR ' +
      'SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU ' +
      'UZS VED VES WST XCD XCG YER ZAR ZMW ZWG',
    3: 'BHD IQD JOD KWD LYD OMR TND',
    4: 'CLF UYW',
  };

  it('is exactly the active ISO 4217 codes with their exponents', () => {
    const expected = Object.fromEntries(
      Object.entries(ISO_4217).flatMap(([exp, codes]) => codes.split(' ').map((code) => [code, Number(exp)])),
    );
    expect(Object.keys(expected)).toHaveLength(166);
    expect({ ...CURRENCY_EXPONENTS }).toEqual(expected);
  });

  it('holds upper-case three-letter codes, frozen', () => {
    for (const code of Object.keys(CURRENCY_EXPONENTS)) expect(code).toMatch(/^[A-Z]{3}$/);
    // Withdrawn codes stay out: HRK (2023), SLL (2024), ZWL (2024).
    for (const gone of ['HRK', 'SLL', 'ZWL']) expect(isCurrency(gone)).toBe(false);
    expect(Object.isFrozen(CURRENCY_EXPONENTS)).toBe(true);
  });

  it('reads codes case-insensitively (ConvergeGate sends pln)', () => {
    expect(isCurrency('pln')).toBe(true);
    expect(normalizeCurrency('pln')).toBe('PLN');
    expect(normalizeCurrency('Usd')).toBe('USD');
    expect(currencyExponent('jpy')).toBe(0);
  });

  it('refuses unknown codes and non-strings with currency_invalid', () => {
    for (const bad of [
      'XYZ',
      '',
      'US',
      'usd ',
      'constructor',
      'toString',
      '__proto__',
      42,
      null,
      undefined,
    ]) {
      expect(isCurrency(bad)).toBe(false);
      const error = thrown(() => normalizeCurrency(bad));
      expect(error.code).toBe('currency_invalid');
      expect(error.param).toBe('currency');
    }
    expect(thrown(() => normalizeCurrency('xyz', 'payment.currency')).param).toBe('payment.currency');
    expect(thrown(() => currencyExponent('xyz')).code).toBe('currency_invalid');
  });

  it('applies dialect overrides (Stripe: ISK in hundredths, MGA in whole units)', () => {
    expect(currencyExponent('ISK')).toBe(0);
    expect(currencyExponent('isk', 'stripe')).toBe(2);
    expect(currencyExponent('MGA')).toBe(2);
    expect(currencyExponent('MGA', 'stripe')).toBe(0);
    expect(currencyExponent('ISK', 'convergegate')).toBe(0);
    expect(currencyExponent('ISK', 'checkout')).toBe(0);
    expect(CURRENCY_OVERRIDES.stripe).toEqual({ ISK: 2, MGA: 0 });
  });
});

describe('money', () => {
  it('builds Money from minor units, upper-casing the code', () => {
    expect(money(1000, 'pln')).toEqual({ amount: 1000, currency: 'PLN' });
    expect(money(0, 'USD')).toEqual({ amount: 0, currency: 'USD' });
  });

  it.each([1.5, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('refuses %s minor units', (amount) => {
    const error = thrown(() => money(amount, 'USD'));
    expect(error.code).toBe('amount_invalid');
    expect(error.param).toBe('amount');
  });

  it('refuses an unknown currency', () => {
    expect(thrown(() => money(100, 'ABC')).code).toBe('currency_invalid');
  });

  it('isMinorUnits accepts only non-negative safe integers', () => {
    expect(isMinorUnits(0)).toBe(true);
    expect(isMinorUnits(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(isMinorUnits(Number.MAX_SAFE_INTEGER + 1)).toBe(false);
    expect(isMinorUnits(-1)).toBe(false);
    expect(isMinorUnits(0.1)).toBe(false);
    expect(isMinorUnits('1')).toBe(false);
  });
});

describe('toDecimalString', () => {
  it.each([
    [1000, 'USD', '10.00'],
    [1234, 'usd', '12.34'],
    [5, 'USD', '0.05'],
    [0, 'USD', '0.00'],
    [9899, 'JPY', '9899'],
    [1234, 'KWD', '1.234'],
    [1, 'BHD', '0.001'],
    [12345, 'CLF', '1.2345'],
    [-1234, 'EUR', '-12.34'],
    [Number.MAX_SAFE_INTEGER, 'USD', '90071992547409.91'],
  ])('%i %s is "%s"', (amount, currency, text) => {
    expect(toDecimalString(amount, currency)).toBe(text);
  });

  it('follows dialect overrides', () => {
    expect(toDecimalString(12345, 'ISK')).toBe('12345');
    expect(toDecimalString(12345, 'ISK', { dialect: 'stripe' })).toBe('123.45');
  });

  it('refuses amounts that are not safe integers', () => {
    expect(thrown(() => toDecimalString(1.5, 'USD')).code).toBe('amount_invalid');
    expect(thrown(() => toDecimalString(2 ** 53, 'USD', { param: 'amount_total' })).param).toBe(
      'amount_total',
    );
  });
});

describe('parseAmount', () => {
  it.each([
    ['10', 'USD', 1000],
    ['10.00', 'USD', 1000],
    ['12.3', 'USD', 1230],
    ['12.34', 'usd', 1234],
    ['0.05', 'USD', 5],
    ['5.', 'USD', 500],
    ['007', 'USD', 700],
    ['  12.34 ', 'USD', 1234],
    ['9899', 'JPY', 9899],
    ['9899.000', 'JPY', 9899],
    ['1.234', 'KWD', 1234],
    ['1.2345', 'CLF', 12345],
    ['0', 'USD', 0],
  ])('"%s" %s is %i minor units', (text, currency, amount) => {
    expect(parseAmount(text, currency)).toBe(amount);
  });

  it('refuses more decimals than the currency has, never rounding', () => {
    for (const [text, currency] of [
      ['12.345', 'USD'],
      ['1.5', 'JPY'],
      ['1.2345', 'KWD'],
      ['1.23456', 'CLF'],
    ] as const) {
      const error = thrown(() => parseAmount(text, currency));
      expect(error.code).toBe('amount_invalid');
      expect(error.message).toContain(currency);
    }
  });

  it.each([
    '',
    ' ',
    'abc',
    '-1',
    '+1',
    '1e3',
    '1,234.50',
    '.5',
    '1.2.3',
    '0x10',
    'NaN',
    'Infinity',
    '١٢',
  ])('refuses "%s"', (text) => {
    expect(thrown(() => parseAmount(text, 'USD')).code).toBe('amount_invalid');
  });

  it('refuses amounts that are not safe integers', () => {
    expect(parseAmount('90071992547409.91', 'USD')).toBe(Number.MAX_SAFE_INTEGER);
    expect(thrown(() => parseAmount('90071992547409.92', 'USD')).code).toBe('amount_invalid');
    expect(thrown(() => parseAmount('99999999999999999999', 'JPY')).code).toBe('amount_invalid');
  });

  it('names the param it was given', () => {
    expect(thrown(() => parseAmount('x', 'USD', { param: 'refund_amount' })).param).toBe('refund_amount');
  });

  it('refuses an unknown currency', () => {
    expect(thrown(() => parseAmount('1', 'ABC')).code).toBe('currency_invalid');
  });

  it('follows dialect overrides', () => {
    expect(parseAmount('123.45', 'ISK', { dialect: 'stripe' })).toBe(12345);
    expect(thrown(() => parseAmount('123.45', 'ISK')).code).toBe('amount_invalid');
    expect(parseAmount('1500', 'MGA', { dialect: 'stripe' })).toBe(1500);
  });

  describe('with a locale', () => {
    it.each([
      ['1 234,50', 'pl-PL', 123450],
      ['1\u00a0234,50', 'pl-PL', 123450],
      ['1234,5', 'pl-PL', 123450],
      ['12,34', 'pl-PL', 1234],
      ['1 234 567,89', 'fr-FR', 123456789],
      ['1\u202f234,50', 'fr-FR', 123450],
      ['1.234,50', 'de-DE', 123450],
      ['1.234.567', 'de-DE', 123456700],
      ['12,5', 'de-DE', 1250],
      ['1,234.50', 'en-US', 123450],
      ['1,234,567.89', 'en-US', 123456789],
      ['1234.50', 'en-US', 123450],
      ["1'234.50", 'de-CH', 123450],
      ['12,34,567.50', 'en-IN', 123456750],
    ])('"%s" in %s is %i', (text, locale, amount) => {
      expect(parseAmount(text, 'PLN', { locale })).toBe(amount);
    });

    it('groups JPY without decimals', () => {
      expect(parseAmount('9,899', 'JPY', { locale: 'en-US' })).toBe(9899);
      expect(parseAmount('9.899', 'JPY', { locale: 'de-DE' })).toBe(9899);
    });

    // A misplaced separator is a typo or the other convention; reading it as grouping would
    // refund 100 times the intended amount, so it is refused instead.
    it.each([
      ['12,50', 'en-US'],
      ['1,2345', 'en-US'],
      ['1234,567.00', 'en-US'],
      [',123', 'en-US'],
      ['12.50', 'de-DE'],
      ['1.23.456', 'de-DE'],
      ['1,234,567.00', 'en-IN'],
      ['1 23,50', 'pl-PL'],
      ['12,345', 'de-DE'],
      // Only the locale's own decimal separator counts as one.
      ['12.50', 'pl-PL'],
    ])('refuses "%s" in %s', (text, locale) => {
      expect(thrown(() => parseAmount(text, 'EUR', { locale })).code).toBe('amount_invalid');
    });
  });
});

describe('formatMoney', () => {
  it('formats through Intl without a float', () => {
    expect(formatMoney(9899, 'JPY', { locale: 'en-US' })).toBe('¥9,899');
    expect(formatMoney(1234, 'KWD', { locale: 'en-US', currencyDisplay: 'code' })).toMatch(/^KWD\s1\.234$/);
    expect(formatMoney(1000, 'usd', { locale: 'en-US' })).toBe('$10.00');
    // Polish groups from five digits on.
    expect(formatMoney(123450, 'PLN', { locale: 'pl-PL' })).toMatch(/^1234,50\szł$/);
    expect(formatMoney(1234567, 'PLN', { locale: 'pl-PL' })).toMatch(/^12\s345,67\szł$/);
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'USD', { locale: 'en-US' })).toBe('$90,071,992,547,409.91');
    expect(formatMoney(12345, 'CLF', { locale: 'en-US', currencyDisplay: 'code' })).toMatch(/^CLF\s1\.2345$/);
  });

  it('follows dialect overrides', () => {
    expect(formatMoney(12345, 'ISK', { locale: 'en-US', currencyDisplay: 'code' })).toMatch(/^ISK\s12,345$/);
    expect(
      formatMoney(12345, 'ISK', { locale: 'en-US', currencyDisplay: 'code', dialect: 'stripe' }),
    ).toMatch(/^ISK\s123\.45$/);
  });

  it('refuses bad input with typed errors', () => {
    expect(thrown(() => formatMoney(1.5, 'USD')).code).toBe('amount_invalid');
    expect(thrown(() => formatMoney(100, 'ABC')).code).toBe('currency_invalid');
  });
});
