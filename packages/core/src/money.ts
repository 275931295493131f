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

export function isMinorUnits(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Builds a Money, refusing anything that is not a non-negative safe integer. */
export function money(amount: number, currency: string): Money {
  if (!isMinorUnits(amount)) {
    throw new RefundError(
      'amount_invalid',
      `Amount must be a non-negative safe integer of minor units, got ${amount}.`,
      {
        param: 'amount',
      },
    );
  }
  return { amount, currency: normalizeCurrency(currency) };
}

/** Minor units as a plain decimal string ("12.34" for 1234 USD, "9899" for 9899 JPY), digit by digit. */
export function toDecimalString(amount: number, currency: string, options: MoneyOptions = {}): string {
  if (!Number.isSafeInteger(amount)) {
    throw new RefundError('amount_invalid', `Amount must be a safe integer, got ${amount}.`, {
      param: options.param ?? 'amount',
    });
  }
  const exp = currencyExponent(currency, options.dialect);
  const sign = amount < 0 ? '-' : '';
  const digits = String(Math.abs(amount));
  if (exp === 0) return sign + digits;
  const padded = digits.padStart(exp + 1, '0');
  return `${sign}${padded.slice(0, -exp)}.${padded.slice(-exp)}`;
}

interface Separators {
  group: string;
  decimal: string;
  /** Digits between group separators above the thousands: 3, or 2 in en-IN ("12,34,567"). */
  size: number;
}

const separatorCache = new Map<string, Separators>();

function separators(locale: string): Separators {
  let found = separatorCache.get(locale);
  if (!found) {
    const parts = new Intl.NumberFormat(locale).formatToParts(1234567891.5);
    const value = (type: string) => parts.find((p) => p.type === type)?.value;
    const ints = parts.filter((p) => p.type === 'integer');
    found = {
      group: value('group') ?? ',',
      decimal: value('decimal') ?? '.',
      size: ints[ints.length - 2]?.value.length ?? 3,
    };
    separatorCache.set(locale, found);
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
  let text = String(input).trim();
  let misplaced = false;
  if (options.locale !== undefined) {
    const { group, decimal, size } = separators(options.locale);
    const at = text.indexOf(decimal);
    // Locales group with a no-break or narrow no-break space; people type a plain one.
    const groups = (at < 0 ? text : text.slice(0, at)).split(/\s/.test(group) ? /\s/ : group);
    // A separator in the wrong place is a typo or the other convention ("12,50" in en-US): reading it
    // as grouping would refund a hundred times the amount, so groups must sit where the locale puts them.
    const last = groups.length - 1;
    misplaced =
      last > 0 &&
      !groups.every(
        (g, i) => /^\d+$/.test(g) && (i === last ? g.length === 3 : i ? g.length === size : g.length <= size),
      );
    text = groups.join('') + (at < 0 ? '' : `.${text.slice(at + decimal.length)}`);
  }
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match || misplaced) {
    throw new RefundError('amount_invalid', `"${input}" is not an amount.`, { param });
  }
  const whole = match[1] as string;
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > exp) {
    const unit = exp === 0 ? 'no minor unit' : `only ${exp} decimal${exp === 1 ? '' : 's'}`;
    throw new RefundError('amount_invalid', `${normalizeCurrency(currency)} has ${unit}: "${input}".`, {
      param,
    });
  }
  const digits = (whole + fraction.padEnd(exp, '0')).replace(/^0+(?=\d)/, '');
  const value = Number(digits);
  if (!Number.isSafeInteger(value)) {
    throw new RefundError('amount_invalid', `"${input}" is too large.`, { param });
  }
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
    currencyDisplay: options.currencyDisplay ?? 'symbol',
    minimumFractionDigits: exp,
    maximumFractionDigits: exp,
  });
  // ES2023 Intl.NumberFormat accepts decimal strings and formats them exactly.
  return format.format(toDecimalString(amount, code, options) as unknown as number);
}
