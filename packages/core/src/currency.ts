import type { Dialect } from './dialect.js';
import { RefundError } from './errors.js';

// Active ISO 4217 codes, packed: a digit sets the exponent (minor-unit digits) for what follows, an
// upper-case letter starts the codes with that first letter, and each lower-case pair after it
// completes one code ("2Aedfn" is AED and AFN, both with 2 decimals). The table is the bulk of core's
// bundle, and lower-case pairs gzip far better than a list of codes; a test spells every code out.
const PACKED =
  '0BifClpDjfGnfIskJpyKmfrwPygRwfUgxyiVnduvXafofpf2Aedfnllmdngoarsudwgzn' +
  'BambddtgnmdndobovrlsdtnwpynzdCaddfhehfhwnyopourcupvezkDkkopzdEgprntburFjdkpGbpelhsipmdtqyd' +
  'HkdnltgufIdrlsnrrrJmdKesgshrpwydztLakbpkrrdslMaddlgakdmkntopruurvrwkxnxvyrznNadgniookprzd' +
  'PabengkhpkrlnQarRonsdubSarbdcrdgekgdhpleosrdsptnvcypzlThbjsmtoprytdwdzsUahsdsnyuzsVedesWst' +
  'XcdcgYerZarmwwg3BhdIqdJodKwdLydOmrTnd4ClfUyw';

/** Currency code (upper case) -> ISO 4217 exponent. */
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = /* @__PURE__ */ unpack();

function unpack(): Readonly<Record<string, number>> {
  const table: Record<string, number> = {};
  let exp = 0;
  for (const [, digit, first, rest] of PACKED.matchAll(/(\d)|([A-Z])([a-z]+)/g)) {
    if (digit) exp = Number(digit);
    else for (const pair of rest?.match(/../g) ?? []) table[first + pair.toUpperCase()] = exp;
  }
  return Object.freeze(table);
}

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
    throw new RefundError('currency_invalid', undefined, { param });
  }
  return code.toUpperCase();
}

/** Minor-unit digits of a currency, with the dialect's override when it has one. */
export function currencyExponent(code: string, dialect?: Dialect): number {
  const upper = normalizeCurrency(code);
  const override = dialect ? CURRENCY_OVERRIDES[dialect][upper] : undefined;
  return override ?? (CURRENCY_EXPONENTS[upper] as number);
}
