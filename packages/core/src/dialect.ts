export const DIALECTS = ['convergegate', 'stripe', 'checkout'] as const;
export type Dialect = (typeof DIALECTS)[number];

/**
 * A table lookup by own keys only: words arrive from webhooks and forms, and "constructor" or
 * "toString" must not find Object.prototype's members. Internal; not exported from the package.
 */
export const lookup = <T>(table: Readonly<Record<string, T>> | undefined, key: unknown): T | undefined =>
  table && typeof key === 'string' && Object.hasOwn(table, key) ? table[key] : undefined;

export function isDialect(value: unknown): value is Dialect {
  return (DIALECTS as readonly unknown[]).includes(value);
}
