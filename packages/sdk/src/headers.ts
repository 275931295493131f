/**
 * Request headers however the framework hands them over: a fetch `Headers`, or Node's
 * `IncomingHttpHeaders` / any plain object (keys in any case, arrays for repeated headers).
 */
export type HeadersLike =
  | { get(name: string): string | null | undefined }
  | Readonly<Record<string, string | readonly string[] | number | undefined | null>>;

/** The first value of a header, looked up case-insensitively. */
export function headerValue(headers: HeadersLike, name: string): string | null {
  if (typeof headers.get === 'function') return (headers.get as (n: string) => string | null)(name) ?? null;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (key.toLowerCase() === wanted && first != null) return String(first);
  }
  return null;
}
