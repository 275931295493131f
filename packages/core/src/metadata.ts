import { fail, ok, type Result } from './errors.js';

export type Metadata = Readonly<Record<string, string>>;
/** An update: an empty string (or null) removes a key, as in Stripe. */
export type MetadataPatch = Readonly<Record<string, string | null>>;

export const METADATA_LIMITS = { maxKeys: 50, maxKeyLength: 40, maxValueLength: 500 } as const;

// Form-body parsers hand over objects without a prototype; those are as plain as a literal.
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  [Object.prototype, null].includes(Object.getPrototypeOf(value));

/**
 * Checks metadata (or a patch, when `allowUnset`) against the limits. Brackets are refused in keys
 * because form encoding uses them (`metadata[key]=value`), so such a key could never round-trip.
 */
export function validateMetadata(
  input: unknown,
  options: { param?: string; allowUnset?: boolean } = {},
): Result<Record<string, string | null>> {
  const param = options.param ?? 'metadata';
  const { maxKeys, maxKeyLength, maxValueLength } = METADATA_LIMITS;
  const bad = (why: string, at = param) => fail('metadata_invalid', `Metadata ${why}.`, { param: at });
  if (input === undefined || input === null) return ok({});
  if (!isPlainObject(input)) return bad('must be an object of string values');
  const entries = Object.entries(input);
  const unset = (value: unknown) => options.allowUnset && (value === '' || value === null);
  if (entries.filter(([, value]) => !unset(value)).length > maxKeys) {
    return bad(`can have at most ${maxKeys} keys`);
  }
  for (const [key, value] of entries) {
    const at = `${param}[${key}]`;
    if (!key || key.length > maxKeyLength) return bad(`keys must be 1 to ${maxKeyLength} characters`, at);
    if (/[[\]]/.test(key)) return bad('keys cannot contain "[" or "]"', at);
    if (typeof value !== 'string' && !(value === null && options.allowUnset)) {
      return bad(`values must be strings; "${key}" is ${value === null ? 'null' : typeof value}`, at);
    }
    if (value && value.length > maxValueLength)
      return bad(`values can be at most ${maxValueLength} characters`, at);
  }
  // Built from entries rather than by assignment, so a "__proto__" key stays an ordinary key.
  return ok(Object.fromEntries(entries) as Record<string, string | null>);
}

/**
 * Applies a patch. An empty value (or null) unsets its key; an empty patch string unsets everything,
 * as Stripe does with `metadata=`. The result is checked, so a merge cannot grow past 50 keys.
 */
export function mergeMetadata(
  current: Metadata,
  patch: MetadataPatch | '' | null | undefined,
): Result<Metadata> {
  if (patch === '' || patch === null) return ok({});
  if (patch === undefined) return ok({ ...current });
  const checked = validateMetadata(patch, { allowUnset: true });
  if (!checked.ok) return checked;
  const changes = checked.value;
  const next = Object.fromEntries(
    [
      ...Object.entries(current).filter(([key]) => !Object.hasOwn(changes, key)),
      ...Object.entries(changes),
    ].filter(([, value]) => value !== null && value !== ''),
  );
  const final = validateMetadata(next);
  return final.ok ? ok(final.value as Metadata) : final;
}
