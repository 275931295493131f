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
  if (input === undefined || input === null) return ok({});
  const entries = isPlainObject(input) ? Object.entries(input) : [];
  const unset = (value: unknown) => options.allowUnset && (value === '' || value === null);
  if (!isPlainObject(input) || entries.filter(([, value]) => !unset(value)).length > maxKeys) {
    return fail('metadata_invalid', undefined, { param });
  }
  // The first offending entry is named in `param` (`metadata[key]`), as form encoding spells it.
  const bad = entries.find(
    ([key, value]) =>
      !key ||
      key.length > maxKeyLength ||
      /[[\]]/.test(key) ||
      !(typeof value === 'string' ? value.length <= maxValueLength : value === null && options.allowUnset),
  );
  if (bad) return fail('metadata_invalid', undefined, { param: `${param}[${bad[0]}]` });
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
  // Spreading defines keys rather than assigning them, so a "__proto__" key stays an ordinary key.
  const next = Object.entries({ ...current, ...checked.value }).filter(
    ([, value]) => value !== null && value !== '',
  );
  return validateMetadata(Object.fromEntries(next)) as Result<Metadata>;
}
