import { fail, ok, type Result } from './errors.js';

export type Metadata = Readonly<Record<string, string>>;
/** An update: an empty string (or null) removes a key, as in Stripe. */
export type MetadataPatch = Readonly<Record<string, string | null>>;

export const METADATA_LIMITS = { maxKeys: 50, maxKeyLength: 40, maxValueLength: 500 } as const;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.getPrototypeOf(value) === Object.prototype;

/**
 * Checks metadata (or a patch, when `allowUnset`) against the limits. Brackets are refused in keys
 * because form encoding uses them (`metadata[key]=value`), so such a key could never round-trip.
 */
export function validateMetadata(
  input: unknown,
  options: { param?: string; allowUnset?: boolean } = {},
): Result<Record<string, string | null>> {
  const param = options.param ?? 'metadata';
  if (input === undefined || input === null) return ok({});
  if (!isPlainObject(input))
    return fail('metadata_invalid', 'Metadata must be an object of string values.', { param });
  const entries = Object.entries(input);
  const kept = entries.filter(([, v]) => !(options.allowUnset && (v === '' || v === null)));
  if (kept.length > METADATA_LIMITS.maxKeys) {
    return fail(
      'metadata_invalid',
      `Metadata can have at most ${METADATA_LIMITS.maxKeys} keys; got ${kept.length}.`,
      {
        param,
      },
    );
  }
  const out: Record<string, string | null> = {};
  for (const [key, value] of entries) {
    const at = `${param}[${key}]`;
    if (key.length === 0 || key.length > METADATA_LIMITS.maxKeyLength) {
      return fail(
        'metadata_invalid',
        `Metadata keys must be 1 to ${METADATA_LIMITS.maxKeyLength} characters.`,
        {
          param: at,
        },
      );
    }
    if (/[[\]]/.test(key))
      return fail('metadata_invalid', 'Metadata keys cannot contain "[" or "]".', { param: at });
    if (value === null && options.allowUnset) {
      out[key] = null;
      continue;
    }
    if (typeof value !== 'string') {
      return fail('metadata_invalid', `Metadata values must be strings; "${key}" is ${typeof value}.`, {
        param: at,
      });
    }
    if (value.length > METADATA_LIMITS.maxValueLength) {
      return fail(
        'metadata_invalid',
        `Metadata values can be at most ${METADATA_LIMITS.maxValueLength} characters.`,
        {
          param: at,
        },
      );
    }
    out[key] = value;
  }
  return ok(out);
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
  const next: Record<string, string> = { ...current };
  for (const [key, value] of Object.entries(checked.value)) {
    if (value === null || value === '') delete next[key];
    else next[key] = value;
  }
  const final = validateMetadata(next);
  return final.ok ? ok(final.value as Metadata) : final;
}
