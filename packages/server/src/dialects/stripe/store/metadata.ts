import { validateMetadata } from '@refundkit/core';

/** Metadata as Stripe posts it: an object, or '' to unset everything. */
export function checkedMetadata(input: unknown): Record<string, string> {
  if (input === '' || input === undefined) return {};
  const checked = validateMetadata(input);
  if (!checked.ok) throw checked.error;
  return Object.fromEntries(
    Object.entries(checked.value).filter(([, v]) => v !== '' && v !== null),
  ) as Record<string, string>;
}
