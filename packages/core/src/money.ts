import { currencyExponent, normalizeCurrency } from './currency.js';
import type { Dialect } from './dialect.js';
import { RefundError } from './errors.js';

/** An amount of money: an integer count of the currency's minor units. Never a float. */
export interface Money {
  readonly amount: number;
  /** Upper-case ISO 4217 code. */
  readonly currency: string;
}

export interface MoneyOptions {
  dialect?: Dialect | undefined;
  /** The request parameter to blame in errors. */
  param?: string | undefined;
}

const invalid = (param = 'amount') => new RefundError('amount_invalid', undefined, { param });

export function isMinorUnits(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** Builds a Money, refusing anything that is not a non-negative safe integer. */
export function money(amount: number, currency: string): Money {
  if (!isMinorUnits(amount)) throw invalid();
  return { amount, currency: normalizeCurrency(currency) };
}

/** Minor units as a plain decimal string ("12.34" for 1234 USD, "9899" for 9899 JPY), digit by digit. */
export function toDecimalString(amount: number, currency: string, options: MoneyOptions = {}): string {
  if (!Number.isSafeInteger(amount)) throw invalid(options.param);
  const exp = currencyExponent(currency, options.dialect);
  const digits = String(Math.abs(amount)).padStart(exp + 1, '0');
  return (amount < 0 ? '-' : '') + (exp ? `${digits.slice(0, -exp)}.${digits.slice(-exp)}` : digits);
}

const patterns = new Map<string, RegExp>();

/**
 * The shape of an amount in a locale: digits grouped where the locale groups them (3, or 2 above the
 * thousands in en-IN: "12,34,567"), then the locale's decimal separator. A separator anywhere else is
 * a typo or the other convention ("12,50" in en-US): reading it as grouping would refund a hundred
 * times the amount, so it does not match. Without a locale: plain digits and ".".
 */
function pattern(locale: string | undefined): RegExp {
  let found = patterns.get(locale ?? '');
  if (!found) {
    found = /^(\d+)(?:\.(\d*))?$/;
    if (locale !== undefined) {
      const parts = new Intl.NumberFormat(locale).formatToParts(1234567891.5);
      // Locales group with a no-break or narrow no-break space; people type a plain one.
      const separator = (type: string, fallback: string) => {
        const text = parts.find((p) => p.type === type)?.value ?? fallback;
        return /\s/.test(text) ? '\\s' : `\\${text}`;
      };
      const size = parts.filter((p) => p.type === 'integer').at(-2)?.value.length ?? 3;
      const group = separator('group', ',');
      found = new RegExp(
        `^(\\d{1,${size}}(?:${group}\\d{${size}})*${group}\\d{3}|\\d+)(?:${separator('decimal', '.')}(\\d*))?$`,
      );
    }
    patterns.set(locale ?? '', found);
  }
  return found;
}

export interface ParseOptions extends MoneyOptions {
  /** Read the locale's decimal and grouping separators ("1 234,50" in pl-PL). Default: "." decimal, no grouping. */
  locale?: string | undefined;
}

/**
 * Parses a decimal string typed by a person or sent by an API into minor units, as text: "12.3" USD is
 * 1230, "1 234,50" PLN in pl-PL is 123450. More decimals than the currency has is an error, never rounded.
 */
export function parseAmount(input: string, currency: string, options: ParseOptions = {}): number {
  const param = options.param ?? 'amount';
  const exp = currencyExponent(currency, options.dialect);
  const match = pattern(options.locale).exec(String(input).trim());
  if (!match) throw invalid(param);
  const whole = (match[1] as string).replace(/\D/g, '');
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > exp) {
    throw new RefundError('amount_invalid', `${normalizeCurrency(currency)} has ${exp} decimals: ${input}.`, {
      param,
    });
  }
  const value = Number(whole + fraction.padEnd(exp, '0'));
  if (!Number.isSafeInteger(value)) throw invalid(param);
  return value;
}

export interface FormatOptions extends MoneyOptions {
  locale?: string | undefined;
  /** `symbol` (default), `code` or `name`, as Intl's currencyDisplay. */
  currencyDisplay?: 'symbol' | 'narrowSymbol' | 'code' | 'name' | undefined;
}

/**
 * Formats minor units for a locale ("¥9,899", "12,34 zł"). Intl receives the decimal *string*, so
 * no amount passes through a float on the way.
 */
export function formatMoney(amount: number, currency: string, options: FormatOptions = {}): string {
  const code = normalizeCurrency(currency);
  const exp = currencyExponent(code, options.dialect);
  const format = new Intl.NumberFormat(options.locale, {
    style: 'currency',
    currency: code,
    currencyDisplay: options.currencyDisplay,
    minimumFractionDigits: exp,
    maximumFractionDigits: exp,
  });
  // ES2023 Intl.NumberFormat accepts decimal strings and formats them exactly.
  return format.format(toDecimalString(amount, code, options) as unknown as number);
}
