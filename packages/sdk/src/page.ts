/** Fetches the page after `cursor` (the last item's id), or the first page when `cursor` is undefined. */
export type PageFetcher<T> = (cursor: string | undefined) => Promise<{ data: T[]; hasMore: boolean }>;

/**
 * One page of a list, which also iterates (`for await`) over every item of this page and of every
 * page after it, fetching each page only when the loop gets there.
 */
export interface Page<T> extends AsyncIterable<T> {
  readonly data: readonly T[];
  readonly hasMore: boolean;
  /** The following page, or `null` after the last one. */
  next(): Promise<Page<T> | null>;
}

/** Fetches the first page (after `cursor`, when given). */
export async function firstPage<T>(
  fetcher: PageFetcher<T>,
  cursorOf: (item: T) => string,
  cursor?: string,
): Promise<Page<T>> {
  const { data, hasMore } = await fetcher(cursor);
  const page: Page<T> = {
    data,
    hasMore,
    async next() {
      const last = data[data.length - 1];
      return hasMore && last !== undefined ? firstPage(fetcher, cursorOf, cursorOf(last)) : null;
    },
    async *[Symbol.asyncIterator]() {
      let current: Page<T> | null = page;
      while (current) {
        yield* current.data;
        current = await current.next();
      }
    },
  };
  return page;
}
