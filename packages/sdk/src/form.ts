/** A value a form body can carry; nested objects and arrays become bracketed keys. */
export type FormValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly FormValue[]
  | { readonly [key: string]: FormValue };

/**
 * `application/x-www-form-urlencoded` with brackets, as Stripe-style APIs read it:
 * `metadata[order]=42`, `payment_method[]=blik`. `undefined` members are left out; `null` is sent
 * empty (which unsets a key where the dialect supports that).
 */
export function encodeForm(body: Readonly<Record<string, FormValue>>): string {
  const parts: string[] = [];
  const add = (key: string, value: FormValue): void => {
    if (value === undefined) return;
    if (value === null) {
      parts.push(`${encode(key)}=`);
    } else if (Array.isArray(value)) {
      for (const item of value) add(`${key}[]`, item);
    } else if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) add(`${key}[${k}]`, v);
    } else {
      parts.push(`${encode(key)}=${encode(String(value))}`);
    }
  };
  for (const [key, value] of Object.entries(body)) add(key, value);
  return parts.join('&');
}

// Brackets stay readable on the wire; everything else follows URLSearchParams (space as "+").
const encode = (text: string): string =>
  encodeURIComponent(text).replace(/%5B/g, '[').replace(/%5D/g, ']').replace(/%20/g, '+');

/** A query string from defined values only, with a leading "?" when anything is left. */
export function encodeQuery(query: Readonly<Record<string, string | number | boolean | undefined>>): string {
  const text = encodeForm(query);
  return text ? `?${text}` : '';
}
