/**
 * Request headers however the framework hands them over: a fetch `Headers`, Node's
 * `IncomingHttpHeaders` (lower-case keys, arrays for repeats), a `Map`, or a plain object in any case.
 */
export type HeadersLike =
  | { get(name: string): string | null | undefined }
  | Readonly<Record<string, string | readonly string[] | number | undefined | null>>;

/** The first value of a header, looked up case-insensitively. */
export function headerValue(headers: HeadersLike, name: string): string | null {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    const found = (headers as { get(name: string): string | null | undefined }).get(name);
    if (found !== null && found !== undefined) return String(found);
    // A Map keeps keys as they were set; fetch Headers has already matched case-insensitively.
    if (!(headers instanceof Map)) return null;
  }
  const wanted = name.toLowerCase();
  const entries =
    headers instanceof Map ? [...headers.entries()] : Object.entries(headers as Record<string, unknown>);
  for (const [key, value] of entries) {
    if (String(key).toLowerCase() !== wanted || value === undefined || value === null) continue;
    if (Array.isArray(value)) return value.length ? String(value[0]) : null;
    return String(value);
  }
  return null;
}

/** A fetch `Headers` as a plain object with lower-case keys (for errors and hooks). */
export function headersToObject(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    out[key] = value;
  });
  return out;
}
